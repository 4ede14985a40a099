import Connectivity
import Provenance
import ROIExtraction
import Signal

/// Every parameter of the fMRI stage (time series -> cleaning -> connectivity -> export), as the
/// CLI and pipeline configs set them. `provenance` records all of them in the sidecars.
public struct FCParameters: Sendable {
    /// Label atlas (3D) or probabilistic maps (4D): the masker is chosen from the dimensions.
    public var atlasPath: String
    /// BIDS look-up table (`index`, `name`).
    public var lookupPath: String?
    /// Brain mask (non-zero = inside).
    public var maskPath: String?
    /// `atlas-<name>` in output names; default from the atlas file name.
    public var atlasName: String?
    /// Label-masker options (strategy, NaN policy, lost labels, min coverage).
    public var masker: LabelsMaskerOptions
    /// `signal.clean` options; `repetitionTime` nil means each run's header TR.
    public var cleaning: CleaningOptions
    /// Confounds: one fMRIPrep confounds TSV per BOLD (same order), or empty.
    public var confoundsPaths: [String]
    /// Explicit confound columns (`--confound-columns`).
    public var confoundColumns: [String]?
    /// load_confounds strategy names (`--confound-strategy`), e.g. ["motion", "wm_csf", "scrub"].
    public var confoundStrategy: [String]?
    /// Framewise-displacement threshold for censoring (mm); nil: no FD censoring unless the
    /// strategy has scrubbing with its default.
    public var fdThreshold: Double?
    /// How the named strategies expand (nilearn `load_confounds` keyword arguments: motion,
    /// wm_csf, global_signal models, compcor variant and count, scrubbing's DVARS threshold and
    /// minimum segment); nilearn's defaults unless set.
    public var strategyOptions = ConfoundStrategyOptions()
    /// Connectivity kinds to compute (`connectivity` only).
    public var kinds: [ConnectivityKind]
    public var estimator: CovarianceEstimator
    public var fisherZ: Bool
    /// Also write vectorised matrices (nilearn `sym_matrix_to_vec` order).
    public var vectorize: Bool
    public var discardDiagonal: Bool
    /// Where `cleaning.repetitionTime` came from when it is set, as recorded in the sidecars:
    /// "option" (a CLI flag), "config" (a pipeline config), "sidecar" (the run's BIDS JSON).
    public var repetitionTimeSource = "option"

    public init(atlasPath: String, lookupPath: String? = nil, maskPath: String? = nil, atlasName: String? = nil,
                masker: LabelsMaskerOptions = .init(), cleaning: CleaningOptions = .init(), confoundsPaths: [String] = [],
                confoundColumns: [String]? = nil, confoundStrategy: [String]? = nil, fdThreshold: Double? = nil,
                kinds: [ConnectivityKind] = [.correlation], estimator: CovarianceEstimator = .ledoitWolf, fisherZ: Bool = false,
                vectorize: Bool = false, discardDiagonal: Bool = false) {
        self.atlasPath = atlasPath; self.lookupPath = lookupPath; self.maskPath = maskPath; self.atlasName = atlasName
        self.masker = masker; self.cleaning = cleaning; self.confoundsPaths = confoundsPaths
        self.confoundColumns = confoundColumns; self.confoundStrategy = confoundStrategy; self.fdThreshold = fdThreshold
        self.kinds = kinds; self.estimator = estimator; self.fisherZ = fisherZ
        self.vectorize = vectorize; self.discardDiagonal = discardDiagonal
    }

    /// The atlas label used in file names.
    public var resolvedAtlasName: String { atlasName.map(BIDSName.label(from:)) ?? BIDSName.atlasName(fromAtlasPath: atlasPath) }

    /// The parameters that shape a time series (not the connectivity ones), for its sidecar and
    /// for the pipeline's time-series key.
    public var timeSeriesProvenance: [String: ProvenanceValue] {
        provenance.filter { !["kind", "estimator", "fisher_z", "vectorize", "discard_diagonal"].contains($0.key) }
    }

    /// Every parameter, for the provenance sidecar.
    public var provenance: [String: ProvenanceValue] {
        let c = cleaning
        return [
            "atlas": .string(atlasPath),
            "atlas_name": .string(resolvedAtlasName),
            "labels": .optional(lookupPath),
            "mask": .optional(maskPath),
            "strategy": .string(masker.strategy.rawValue),
            "background_label": .double(masker.backgroundLabel),
            "nan_policy": .string(masker.nonFinite.rawValue),
            "lost_labels": .string(masker.lostLabels.rawValue),
            "min_coverage": .optional(masker.minCoverage),
            "t_r": .optional(c.repetitionTime),
            "dummy_scans": .int(c.dummyScans),
            "detrend": .bool(c.detrend),
            "standardize": .string(c.standardize.rawValue),
            "standardize_confounds": .bool(c.standardizeConfounds),
            "high_pass": .optional(c.highPass),
            "low_pass": .optional(c.lowPass),
            "filter": .string(c.filter.rawValue),
            "butterworth_order": .int(c.butterworthOrder),
            "confounds": .strings(confoundsPaths),
            "confound_columns": confoundColumns.map { .strings($0) } ?? .null,
            "confound_strategy": confoundStrategy.map { .strings($0) } ?? .null,
            "fd_threshold": .optional(fdThreshold),
            "confound_strategy_options": strategyOptions.provenance,
            "censored_interpolation": .string(c.censoredInterpolation == .nilearn ? "nilearn-0.14.1" : "corrected"),
            "kind": .strings(kinds.map(\.rawValue)),
            "estimator": .string(estimator.rawValue),
            "fisher_z": .bool(fisherZ),
            "vectorize": .bool(vectorize),
            "discard_diagonal": .bool(discardDiagonal),
        ]
    }
}
