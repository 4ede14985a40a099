import Connectivity
import GLM
import Graphs
import Recurrence
import ROIExtraction
import RSA
import ShapeMetrics
import Signal

/// Every key a pipeline config may hold: its type, default and meaning. Validation, the
/// `neurorep config schema` listing and the README's reference table all come from this one
/// description, so they cannot disagree.
public struct ConfigKey: Sendable {
    public indirect enum Kind: Sendable {
        case string
        case integer(ClosedRange<Int>?)
        case number(ClosedRange<Double>?)
        case boolean
        /// A path, relative to the config file's folder unless absolute; checked to exist when `mustExist`.
        case path(mustExist: Bool)
        /// An existing regular file (a folder is an error), relative to the config file's folder unless absolute.
        case file
        /// A BIDS label (ASCII letters and digits), because it ends up in output file names.
        case label
        /// One of the listed words (or one of their aliases).
        case choice(Choices)
        /// A list of values of a kind (a single value is accepted as a one-item list).
        case list(Kind)
        /// A mapping with its own keys.
        case object([ConfigKey])
        /// A list of mappings with the same keys.
        case objects([ConfigKey])

        public var name: String {
            switch self {
            case .string: return "string"
            case .integer(let r): return r.map { "integer in \($0.lowerBound)...\($0.upperBound)" } ?? "integer"
            case .number(let r): return r.map { "number in [\($0.lowerBound), \($0.upperBound)]" } ?? "number"
            case .boolean: return "true/false"
            case .path(let e): return e ? "path (must exist)" : "path"
            case .file: return "file (must exist)"
            case .label: return "label (letters and digits)"
            case .choice(let c): return c.names.joined(separator: "|")
            case .list(let k): return "list of \(k.name)"
            case .object: return "mapping"
            case .objects: return "list of mappings"
            }
        }
    }

    /// The words a choice accepts: its names (as the CLI spells them) and older spellings.
    public struct Choices: Sendable, ExpressibleByArrayLiteral {
        public let names: [String]
        public let aliases: [String: String]
        public init(_ names: [String], aliases: [String: String] = [:]) { self.names = names; self.aliases = aliases }
        public init(arrayLiteral elements: String...) { self.init(elements) }
        /// The name a word stands for, or nil.
        public func canonical(_ word: String) -> String? { names.contains(word) ? word : aliases[word] }
    }

    public let name: String
    public let kind: Kind
    public let required: Bool
    /// The default as shown to users ("" when there is none).
    public let defaultValue: String
    public let doc: String

    public init(_ name: String, _ kind: Kind, required: Bool = false, default defaultValue: String = "", _ doc: String) {
        self.name = name
        self.kind = kind
        self.required = required
        self.defaultValue = defaultValue
        self.doc = doc
    }
}

/// The schema of a pipeline config file. Defaults are shown from the typed config's own
/// structs (`PipelineConfig.Timeseries()`...), their one source.
public enum ConfigSchema {
    /// A default as users read it: `true`, `0`, `0.5`, `1024`.
    static func show(_ v: Bool) -> String { v ? "true" : "false" }
    static func show(_ v: Int) -> String { String(v) }
    static func show(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v) }

    static let confoundStrategies = ["motion", "wm_csf", "global_signal", "compcor", "scrub", "non_steady_state", "high_pass", "ica_aroma"]

    public static let root: [ConfigKey] = [
        ConfigKey("name", .string, required: true, "Name of the analysis; written to dataset_description.json of the outputs."),
        ConfigKey("description", .string, "Free text describing the pipeline."),
        ConfigKey("output", .path(mustExist: false), required: true,
                  "Output folder (a BIDS-derivatives dataset). `neurorep run --out` overrides it."),
        ConfigKey("inputs", .object(inputs), required: true, "What the pipeline reads."),
        ConfigKey("stages", .object(stages), required: true, "Which stages run, with their parameters. A stage absent here does not run."),
        ConfigKey("run", .object(run), "How the batch runs."),
    ]

    static let inputs: [ConfigKey] = [
        ConfigKey("fmriprep", .path(mustExist: true),
                  "fMRIPrep derivatives folder (or a BIDS dataset with preprocessed BOLD): `sub-*/[ses-*/]func/*_desc-preproc_bold.nii.gz` with `*_desc-confounds_timeseries.tsv` and the BOLD's JSON sidecar (RepetitionTime)."),
        ConfigKey("bold", .list(.string), "Explicit BOLD files or glob patterns (relative to the config), instead of or besides `fmriprep`. Entities are read from the file names."),
        ConfigKey("filters", .object(filters), "Entity filters applied to discovered BOLD runs."),
        ConfigKey("atlases", .objects(atlas), "Label atlases (one or more)."),
        ConfigKey("activations", .objects(activation), "Network layer activations for the brain-versus-network stages."),
        ConfigKey("betas", .object(betas), "Condition beta maps made by another tool, for RSA, tRSA and shape (instead of the `glm` stage, which makes them from BOLD runs and events)."),
    ]

    static let filters: [ConfigKey] = [
        ConfigKey("participant", .list(.string), "Participant labels to keep (without `sub-`). Default: all."),
        ConfigKey("session", .list(.string), "Session labels to keep."),
        ConfigKey("task", .list(.string), "Task labels to keep."),
        ConfigKey("run", .list(.string), "Run labels to keep."),
        ConfigKey("space", .list(.string), "Output spaces to keep (`space-` entity), e.g. MNI152NLin2009cAsym."),
    ]

    static let atlas: [ConfigKey] = [
        ConfigKey("name", .label, required: true, "Atlas name, used in output names (`atlas-<name>`)."),
        ConfigKey("image", .file, required: true, "Label image (3D integer labels, 0 = background) or 4D probabilistic maps."),
        ConfigKey("labels", .file, "Lookup table (BIDS dseg.tsv: `index`, `name`)."),
    ]

    static let activation: [ConfigKey] = [
        ConfigKey("network", .label, required: true, "Network name (letters and digits)."),
        ConfigKey("file", .path(mustExist: true), required: true, "NPZ (one array per layer), NPY, safetensors, or a folder of per-layer files; rows are the conditions, in the order of `inputs.betas.conditions` (or `stages.glm.conditions`)."),
    ]

    static let betas: [ConfigKey] = [
        ConfigKey("pattern", .string, required: true, "Path pattern of each subject's beta maps, with `{participant}` (and `{condition}` for one 3D map per condition), relative to the config."),
        ConfigKey("conditions", .file, required: true, "TSV with a `condition` column: the conditions, in order."),
        ConfigKey("atlas", .string, "Atlas (by name) whose ROIs give one pattern set each. Default: the first atlas."),
    ]

    static let stages: [ConfigKey] = [
        ConfigKey("glm", .object(glm), "First-level GLM of each subject's task runs (nilearn FirstLevelModel semantics, runs combined by fixed effects); its condition effect maps are the beta maps of `rsa`, `trsa` and `shape`."),
        ConfigKey("timeseries", .object(timeseries), "ROI time series with signal cleaning (nilearn NiftiLabelsMasker + signal.clean semantics)."),
        ConfigKey("connectivity", .object(connectivity), "Connectivity matrices from the cleaned time series (nilearn ConnectivityMeasure semantics)."),
        ConfigKey("graph", .object(graph), "Graph metrics of a connectivity matrix (bctpy definitions)."),
        ConfigKey("recurrence", .object(recurrence), "Recurrence plots and RQA of each ROI's time series (pyunicorn definitions)."),
        ConfigKey("rsa", .object(rsa), "RDMs of brain ROIs (beta maps) and network layers, compared every ROI against every layer."),
        ConfigKey("trsa", .object(trsa), "Topological RSA: geo-topological transform of every RDM before comparison."),
        ConfigKey("shape", .object(shape), "Shape distances between every ROI and every layer (netrep definitions)."),
        ConfigKey("voxelgraph", .object(voxelgraph), "Voxel-wise network maps of each run (degree, strength, triangles, clustering, eigenvector, ecm; `neurorep voxelgraph`). Voxel series are cleaned with the settings of `stages.timeseries` (its defaults when that stage is absent)."),
        ConfigKey("seedmap", .object(seedmap), "Seed-to-voxel r and Fisher z maps of each run (`neurorep seedmap`), cleaned as `voxelgraph`."),
        ConfigKey("group", .object(group), "Group stage over all subjects: tangent connectivity, group-average matrices, model comparison with noise ceilings, the shape ranking. Without it no group step runs."),
    ]

    static let timeseries: [ConfigKey] = [
        ConfigKey("atlas", .list(.string), default: "all atlases", "Atlases (by name) to extract with."),
        ConfigKey("strategy", .choice(LabelsMaskerOptions.Strategy.choices), default: PipelineConfig.Timeseries().strategy.rawValue, "Summary of the voxels of a label."),
        ConfigKey("mask", .file, "Brain mask image restricting the voxels used."),
        ConfigKey("min_coverage", .number(0...1), default: show(PipelineConfig.Timeseries().minCoverage), "ROIs with a smaller fraction of usable voxels become NaN columns (XCP-D)."),
        ConfigKey("dummy_scans", .integer(0...10_000), default: show(PipelineConfig.Timeseries().dummyScans), "Initial volumes dropped before anything else."),
        ConfigKey("detrend", .boolean, default: show(PipelineConfig.Timeseries().detrend), "Remove a linear trend."),
        ConfigKey("standardize", .choice(Standardization.choices), default: PipelineConfig.Timeseries().standardize.rawValue, "Standardisation of each signal."),
        ConfigKey("high_pass", .number(0...100), "High-pass cutoff in Hz (Butterworth order 5, zero-phase)."),
        ConfigKey("low_pass", .number(0...100), "Low-pass cutoff in Hz."),
        ConfigKey("t_r", .number(0.001...100), default: "from the BOLD sidecar or header", "Repetition time in seconds."),
        ConfigKey("censored_interpolation", .choice(CensoredInterpolation.choices), default: PipelineConfig.Timeseries().censoredInterpolation.rawValue,
                  "How censored volumes are filled before filtering: every censored volume inside the kept span (corrected), or nilearn 0.14.1's behaviour bug for bug (see Sources/Signal/README.md)."),
        ConfigKey("confounds", .object(confounds), "Confound regression (nilearn load_confounds strategies)."),
    ]

    static let confounds: [ConfigKey] = [
        ConfigKey("strategy", .list(.choice(ConfigKey.Choices(confoundStrategies))), "Strategies, as nilearn's load_confounds."),
        ConfigKey("motion", .choice(ConfoundStrategy.Model.choices), default: PipelineConfig.Confounds().motion.rawValue, "Motion parameters: 6, with squares, with derivatives, or all 24."),
        ConfigKey("wm_csf", .choice(ConfoundStrategy.Model.choices), default: PipelineConfig.Confounds().wmCSF.rawValue, "White matter and CSF signals."),
        ConfigKey("global_signal", .choice(ConfoundStrategy.Model.choices), default: PipelineConfig.Confounds().globalSignal.rawValue, "Global signal."),
        ConfigKey("compcor", .choice(ConfoundStrategy.CompCor.choices), default: PipelineConfig.Confounds().compcor.rawValue, "CompCor variant."),
        ConfigKey("n_compcor", .string, default: PipelineConfig.Confounds().nCompcor, "CompCor components per mask: `all`, a count, or a variance fraction below 1."),
        ConfigKey("fd_threshold", .number(0...100), default: show(PipelineConfig.Confounds().fdThreshold), "Scrubbing: censor volumes with framewise displacement above this (mm)."),
        ConfigKey("std_dvars_threshold", .number(0...100), default: show(PipelineConfig.Confounds().stdDVARSThreshold), "Scrubbing: censor volumes with standardised DVARS above this."),
        ConfigKey("scrub", .integer(0...1000), default: show(PipelineConfig.Confounds().scrub), "Scrubbing: minimum length of a kept segment (volumes)."),
        ConfigKey("columns", .list(.string), "Explicit confound columns (instead of or besides strategies)."),
    ]

    static let glm: [ConfigKey] = [
        ConfigKey("task", .list(.label), default: "every run with an events file", "Task labels of the runs the GLM fits (`task-` entity); overrides `inputs.filters.task` for this stage."),
        ConfigKey("events", .path(mustExist: true), default: "the BIDS dataset two folders above `inputs.fmriprep`", "BIDS dataset holding `sub-*/[ses-*/]func/*_events.tsv`; an events file beside the BOLD is used first."),
        ConfigKey("conditions", .file, "TSV with a `condition` (or `trial_type`) column: the order of the conditions in the beta maps and the layers' rows. Default: the conditions sorted (nilearn's column order). Needed by `rsa` and `shape`."),
        ConfigKey("atlas", .string, "Atlas (by name) whose ROIs give one pattern set each. Default: the first atlas."),
        ConfigKey("hrf", .choice(ConfigKey.Choices(HRFModel.names.filter { $0 != "fir" })), default: PipelineConfig.GLMStage().hrf.name,
                  "HRF model (nilearn `hrf_model`); not `fir`, which gives no single effect map per condition (`neurorep glm --hrf fir` does FIR)."),
        ConfigKey("drift", .choice(ConfigKey.Choices(DriftModel.names)), default: PipelineConfig.GLMStage().options.design.drift.name, "Drift model (nilearn `drift_model`)."),
        ConfigKey("high_pass", .number(0...100), default: "0.01", "Cutoff (Hz) of the cosine drift."),
        ConfigKey("drift_order", .integer(0...100), default: "1", "Order of the polynomial drift."),
        ConfigKey("noise_model", .choice(GLM.NoiseModel.choices), default: PipelineConfig.GLMStage().options.noise.rawValue, "`ar1` (nilearn's default) or `ols`."),
        ConfigKey("signal_scaling", .choice(SignalScaling.choices), default: PipelineConfig.GLMStage().options.scaling.rawValue, "`0`: each voxel in percent of its mean (nilearn's default); `1`: each frame; `none`."),
        ConfigKey("mask", .file, default: "every voxel that varies over time", "Brain mask of the fitted voxels."),
        ConfigKey("t_r", .number(0.001...100), default: "from the BOLD sidecar", "Repetition time in seconds."),
        ConfigKey("confounds", .object(confounds), "Confound regressors (nilearn load_confounds strategies, as in `timeseries`); absent: none."),
        ConfigKey("beta_series", .choice(BetaSeries.Method.choices), "Also write each run's single-trial patterns as `neurorep glm --beta-series` does (`<run>_desc-<lss|lsa>_stat-effect_statmap.nii.gz`, one volume per trial in events order, with `_trials.tsv`); the stochastic `shape` metrics need them. Absent: none."),
    ]

    static let connectivity: [ConfigKey] = [
        ConfigKey("kinds", .list(.choice(ConnectivityKind.choices)), default: "[" + PipelineConfig.Connectivity().kinds.map(\.rawValue).joined(separator: ", ") + "]",
                  "Kinds of matrix. `correlation` is nilearn's (Ledoit-Wolf shrunk by default); `pearson` is plain Pearson correlation (what XCP-D reports); `tangent` is computed in the group stage."),
        ConfigKey("estimator", .choice(CovarianceEstimator.choices), default: PipelineConfig.Connectivity().estimator.rawValue, "Covariance estimator (nilearn's default is Ledoit-Wolf)."),
        ConfigKey("fisher_z", .boolean, default: show(PipelineConfig.Connectivity().fisherZ), "Also write Fisher z (arctanh) of correlation kinds."),
    ]

    static let graph: [ConfigKey] = [
        ConfigKey("matrix", .choice(ConnectivityKind.choices), default: PipelineConfig.Graph().matrix.rawValue, "Which connectivity kind the graph is built from."),
        ConfigKey("proportional", .number(0...1), "Keep this proportion of the strongest edges (bctpy threshold_proportional)."),
        ConfigKey("absolute", .number(nil), "Keep edges with weight at least this."),
        ConfigKey("negatives", .choice(NegativeWeightPolicy.choices), default: PipelineConfig.Graph().negatives.rawValue, "Negative weights: drop them, take absolute values, or keep them as a separate graph."),
        ConfigKey("seed", .integer(nil), default: show(PipelineConfig.Graph().seed), "Seed of Louvain and of the rewired graphs for small-worldness."),
    ]

    static let recurrence: [ConfigKey] = [
        ConfigKey("dim", .integer(1...100), default: show(PipelineConfig.Recurrence().dim), "Embedding dimension."),
        ConfigKey("delay", .integer(1...1000), default: show(PipelineConfig.Recurrence().delay), "Embedding delay (volumes)."),
        ConfigKey("metric", .choice(DistanceMetric.choices), default: PipelineConfig.Recurrence().metric.rawValue, "Distance between embedded states."),
        ConfigKey("threshold", .number(nil), "Fixed radius."),
        ConfigKey("threshold_std", .number(nil), "Radius as this many standard deviations of the series."),
        ConfigKey("recurrence_rate", .number(0...1), "Radius giving this recurrence rate."),
        ConfigKey("theiler", .integer(0...100_000), default: show(PipelineConfig.Recurrence().theiler), "Theiler window: exclude |i - j| < w."),
        ConfigKey("images", .boolean, default: show(PipelineConfig.Recurrence().images), "Write a PNG per ROI and the ROIs x N x N stack."),
    ]

    static let rsa: [ConfigKey] = [
        ConfigKey("method", .choice(RDMMethod.choices), default: PipelineConfig.RSA().method.rawValue,
                  "RDM method of the ROIs (rsatoolbox definitions). `mahalanobis` and `crossnobis` need the `glm` stage: crossnobis cross-validates over its runs, both whiten by the noise of its residuals (`noise`)."),
        ConfigKey("noise", .choice(ConfigKey.Choices(NoiseEstimator.allCases.map(\.rawValue) + ["none"])), default: NoiseEstimator.shrinkageDiag.rawValue,
                  "Noise estimator of `mahalanobis` and `crossnobis`: one covariance per GLM run from its residuals in each ROI (rsatoolbox `prec_from_residuals`, dof corrected for the regressors); `none`: no whitening."),
        ConfigKey("layer_method", .choice(ConfigKey.Choices(RDMMethod.layerCases.map(\.rawValue))), default: "`method`; euclidean when `method` is mahalanobis or crossnobis",
                  "RDM method of the network layers (no residuals, no runs; `crossnobis` cross-validates over a samples axis of the activations)."),
        ConfigKey("compare", .choice(RDMComparator.choices), default: PipelineConfig.RSA().compare.rawValue, "RDM comparison."),
        ConfigKey("bootstrap", .integer(0...100_000), default: show(PipelineConfig.RSA().bootstrap), "Bootstrap samples for the group model comparison."),
        ConfigKey("seed", .integer(nil), default: show(PipelineConfig.RSA().seed), "Bootstrap seed."),
    ]

    static let trsa: [ConfigKey] = [
        ConfigKey("lower", .number(0...1), default: show(PipelineConfig.TRSA().lower), "Lower quantile threshold of the geo-topological transform."),
        ConfigKey("upper", .number(0...1), default: show(PipelineConfig.TRSA().upper), "Upper quantile threshold."),
        ConfigKey("geodesic", .boolean, default: show(PipelineConfig.TRSA().geodesic), "Use the geodesic RDM (shortest paths) instead of the transformed RDM."),
    ]

    static let group: [ConfigKey] = [
        ConfigKey("tangent", .boolean, default: show(PipelineConfig.Group().tangent), "Tangent-space connectivity over all subjects (when connectivity runs)."),
        ConfigKey("average", .boolean, default: show(PipelineConfig.Group().average), "Group-average connectivity matrices."),
        ConfigKey("model_comparison", .boolean, default: show(PipelineConfig.Group().modelComparison), "Compare network layers across subjects with noise ceilings (when rsa runs)."),
        ConfigKey("voxel_maps", .boolean, default: show(PipelineConfig.Group().voxelMaps), "Mean voxelgraph and seed maps across subjects (mean of Fisher z for z maps)."),
    ]

    static let run: [ConfigKey] = [
        ConfigKey("jobs", .integer(1...1024), default: "all cores, limited by memory", "Subjects processed in parallel (`--jobs` overrides)."),
        ConfigKey("memory_per_job_mb", .integer(1...1_000_000), default: show(PipelineConfig.defaultMemoryPerJobMB), "Memory one subject may need; bounds the default number of jobs."),
    ]
}
