/// The metrics by name, and one entry point for comparing two representations or many
/// (the CLI's `neurorep shape`): a `switch` over `ShapeMetricKind` builds the metric and hands
/// it to the generic code.
public enum ShapeMetricKind: String, Sendable, CaseIterable {
    /// `LinearMetric` (alpha in [0, 1]: 0 CCA, 1 Procrustes).
    case linear
    /// `PermutationMetric`.
    case permutation
    /// `LinearCKA` (arccos of linear CKA).
    case cka
    /// `GaussianMetric` (alpha in [0, 2]: 0 covariances, 1 Wasserstein, 2 means).
    case gaussian
    /// `EnergyMetric`.
    case energy

    /// True for metrics that need samples (conditions x samples x units).
    public var isStochastic: Bool { self == .gaussian || self == .energy }
}

/// Settings shared by the metrics; each metric reads the ones it has.
public struct ShapeSettings: Sendable {
    /// nil: the metric's default (1 for linear and gaussian).
    public var alpha: Double?
    public var score: ScoreMethod
    public var group: AlignmentGroup
    /// Starts after the first (stochastic metrics); nil: the metric's default (Gaussian 1:
    /// netrep's start and the moment start; energy 0).
    public var restarts: Int?
    public var seed: UInt64
    /// nil: the metric's default (Gaussian 1000 / 1e-5, energy 100 / 1e-9).
    public var maxIterations: Int?
    public var tolerance: Double?
    public var covarianceRidge: Double
    /// Energy metric only: netrep's absolute stopping tolerance instead of the relative one.
    public var energyAbsoluteTolerance: Double?
    /// Gaussian metric only: how the orthogonal alignment is searched (default trust-region Newton).
    public var gaussianOptimizer: GaussianMetric.Optimizer
    /// Energy metric only: IRLS then L-BFGS (default), or netrep's IRLS alone.
    public var energyOptimizer: EnergyMetric.Optimizer

    public init(alpha: Double? = nil, score: ScoreMethod = .angular, group: AlignmentGroup = .orthogonal,
                restarts: Int? = nil, seed: UInt64 = 0, maxIterations: Int? = nil, tolerance: Double? = nil,
                covarianceRidge: Double = 0, energyAbsoluteTolerance: Double? = nil,
                gaussianOptimizer: GaussianMetric.Optimizer = .trustRegion,
                energyOptimizer: EnergyMetric.Optimizer = .riemannianLBFGS) {
        self.alpha = alpha
        self.score = score
        self.group = group
        self.restarts = restarts
        self.seed = seed
        self.maxIterations = maxIterations
        self.tolerance = tolerance
        self.covarianceRidge = covarianceRidge
        self.energyAbsoluteTolerance = energyAbsoluteTolerance
        self.gaussianOptimizer = gaussianOptimizer
        self.energyOptimizer = energyOptimizer
    }
}

public enum ShapeComparison {
    /// The distance between two representations.
    public static func distance(_ kind: ShapeMetricKind, _ settings: ShapeSettings,
                                _ x: ShapeRepresentation, _ y: ShapeRepresentation) throws -> ShapeDistance {
        switch kind {
        case .linear: return try linear(settings).distance(x, y)
        case .permutation: return try permutation(settings).distance(x, y)
        case .cka: return try LinearCKA().distance(x, y)
        case .gaussian: return try gaussian(settings).distance(x, y)
        case .energy: return try energy(settings).distance(x, y)
        }
    }

    /// All pairwise distances (parallel over pairs, each representation prepared once).
    public static func pairwise(_ kind: ShapeMetricKind, _ settings: ShapeSettings,
                                _ representations: [ShapeRepresentation]) throws -> PairwiseShapeDistances.Result {
        switch kind {
        case .linear: return try PairwiseShapeDistances.compute(linear(settings), representations)
        case .permutation: return try PairwiseShapeDistances.compute(permutation(settings), representations)
        case .cka: return try PairwiseShapeDistances.compute(LinearCKA(), representations)
        case .gaussian: return try PairwiseShapeDistances.compute(gaussian(settings), representations)
        case .energy: return try PairwiseShapeDistances.compute(energy(settings), representations)
        }
    }

    static func linear(_ s: ShapeSettings) throws -> LinearMetric { try LinearMetric(alpha: s.alpha ?? 1, score: s.score) }
    static func permutation(_ s: ShapeSettings) throws -> PermutationMetric { PermutationMetric(score: s.score) }
    static func gaussian(_ s: ShapeSettings) throws -> GaussianMetric {
        var m = try GaussianMetric(alpha: s.alpha ?? 1, group: s.group,
                                   options: FitOptions(restarts: s.restarts ?? 1, seed: s.seed, maxIterations: s.maxIterations ?? 1000, tolerance: s.tolerance ?? 1e-5),
                                   covarianceRidge: s.covarianceRidge)
        m.optimizer = s.gaussianOptimizer
        return m
    }
    static func energy(_ s: ShapeSettings) throws -> EnergyMetric {
        var m = EnergyMetric(group: s.group, options: FitOptions(restarts: s.restarts ?? 0, seed: s.seed, maxIterations: s.maxIterations ?? 100, tolerance: s.tolerance ?? 1e-9),
                             absoluteTolerance: s.energyAbsoluteTolerance)
        m.optimizer = s.energyOptimizer
        return m
    }
}
