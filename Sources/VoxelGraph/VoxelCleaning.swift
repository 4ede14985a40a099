import FMRIWorkflow
import Provenance
import Signal

/// How voxel series are cleaned: the same `signal.clean` options and confound choices as
/// `neurorep timeseries` (`CleaningOptions`, an fMRIPrep confounds TSV with explicit columns
/// or load_confounds strategies, FD censoring), applied to every voxel independently.
public struct VoxelCleaning: Sendable {
    /// `signal.clean` options; `repetitionTime` nil means the BOLD header's TR.
    public var options: CleaningOptions
    /// fMRIPrep confounds TSV of the run, or nil.
    public var confoundsPath: String?
    public var confoundColumns: [String]?
    public var confoundStrategy: [String]?
    public var fdThreshold: Double?
    public var strategyOptions: ConfoundStrategyOptions

    public init(options: CleaningOptions = .init(), confoundsPath: String? = nil, confoundColumns: [String]? = nil,
                confoundStrategy: [String]? = nil, fdThreshold: Double? = nil, strategyOptions: ConfoundStrategyOptions = .init()) {
        self.options = options; self.confoundsPath = confoundsPath; self.confoundColumns = confoundColumns
        self.confoundStrategy = confoundStrategy; self.fdThreshold = fdThreshold; self.strategyOptions = strategyOptions
    }

    /// The cleaning fields of an fMRI-stage parameter set (the CLI builds those from the
    /// shared cleaning flags), with at most one confounds file.
    public init(_ p: FCParameters) {
        self.init(options: p.cleaning, confoundsPath: p.confoundsPaths.first, confoundColumns: p.confoundColumns,
                  confoundStrategy: p.confoundStrategy, fdThreshold: p.fdThreshold, strategyOptions: p.strategyOptions)
    }

    /// The same fields as an fMRI-stage parameter set, to load confounds exactly as
    /// `timeseries` does (`RunConfounds`); the atlas fields are unused.
    var fcParameters: FCParameters {
        var p = FCParameters(atlasPath: "")
        p.cleaning = options
        p.confoundsPaths = confoundsPath.map { [$0] } ?? []
        p.confoundColumns = confoundColumns
        p.confoundStrategy = confoundStrategy
        p.fdThreshold = fdThreshold
        p.strategyOptions = strategyOptions
        return p
    }

    /// The cleaning parameters for provenance sidecars (names as in `timeseries` sidecars).
    public var provenance: [String: ProvenanceValue] {
        let all = fcParameters.provenance
        let keys = ["t_r", "dummy_scans", "detrend", "standardize", "standardize_confounds", "high_pass", "low_pass", "filter",
                    "butterworth_order", "confounds", "confound_columns", "confound_strategy", "fd_threshold",
                    "confound_strategy_options", "censored_interpolation"]
        var out: [String: ProvenanceValue] = [:]
        for k in keys { out[k] = all[k] }
        return out
    }
}
