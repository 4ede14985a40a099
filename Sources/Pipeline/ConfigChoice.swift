import Connectivity
import GLM
import Graphs
import Recurrence
import ROIExtraction
import RSA
import ShapeMetrics
import Signal

/// A library enum that configs name by its raw value — the same word the CLI takes — with older
/// or alternative spellings accepted as aliases. The schema's choices, the validation and the
/// parsing all come from here, so a value is parsed once, into the library's own type, and a
/// word that does not parse is a config error (never a silent default).
public protocol ConfigChoice: RawRepresentable, CaseIterable, Sendable where RawValue == String {
    /// The cases a pipeline offers (default: all).
    static var configCases: [Self] { get }
    /// Other accepted spellings.
    static var configAliases: [String: Self] { get }
}

extension ConfigChoice {
    public static var configCases: [Self] { Array(allCases) }
    public static var configAliases: [String: Self] { [:] }

    public static func parse(_ word: String) -> Self? {
        if let v = Self(rawValue: word), configCases.contains(where: { $0.rawValue == v.rawValue }) { return v }
        return configAliases[word]
    }

    /// The schema's description of the choice.
    public static var choices: ConfigKey.Choices {
        ConfigKey.Choices(configCases.map(\.rawValue), aliases: configAliases.mapValues(\.rawValue))
    }
}

extension LabelsMaskerOptions.Strategy: ConfigChoice {}
extension Standardization: ConfigChoice {}
extension ConnectivityKind: ConfigChoice {
    public static var configAliases: [String: ConnectivityKind] { ["partial_correlation": .partialCorrelation] }
}
extension CovarianceEstimator: ConfigChoice {
    public static var configAliases: [String: CovarianceEstimator] { ["ledoit_wolf": .ledoitWolf] }
}
extension NegativeWeightPolicy: ConfigChoice {}
extension DistanceMetric: ConfigChoice {}
extension RDMMethod: ConfigChoice {
    /// The methods a pipeline offers: mahalanobis and crossnobis read the `glm` stage's runs and
    /// residuals (poisson_cv, whose rsatoolbox value keeps only the last fold, is CLI-only).
    public static var configCases: [RDMMethod] { [.euclidean, .correlation, .cosine, .poisson, .mahalanobis, .crossnobis] }
    /// The methods of network layers (`stages.rsa.layer_method`): a network has no noise
    /// estimate, so no mahalanobis; crossnobis cross-validates over a layer's samples axis.
    public static var layerCases: [RDMMethod] { [.euclidean, .correlation, .cosine, .poisson, .crossnobis] }
}
extension RDMComparator: ConfigChoice {
    public static var configCases: [RDMComparator] { [.cosine, .corr, .spearman, .kendall, .tauA, .rhoA, .cosineCov, .corrCov] }
    public static var configAliases: [String: RDMComparator] {
        ["tau-b": .kendall, "tau_b": .kendall, "pearson": .corr, "correlation": .corr, "rho_a": .rhoA, "tau_a": .tauA,
         "cosine-cov": .cosineCov, "corr-cov": .corrCov]
    }
}
extension ShapeMetricKind: ConfigChoice {}
extension ScoreMethod: ConfigChoice {}
extension ConfoundStrategy.Model: ConfigChoice {}
extension ConfoundStrategy.CompCor: ConfigChoice {}
extension GLM.NoiseModel: ConfigChoice {}
extension SignalScaling: ConfigChoice {}
extension CensoredInterpolation: ConfigChoice {}
