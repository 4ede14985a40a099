import Connectivity
import Foundation
import GLM
import Graphs
import Recurrence
import ROIExtraction
import RSA
import ShapeMetrics
import Signal

/// A validated pipeline config, with paths resolved against the config file's folder and every
/// default filled in. Built only by `PipelineConfig.load`, after `ConfigValidator` passed.
public struct PipelineConfig: Sendable {
    public struct Atlas: Sendable, Equatable { public var name: String; public var image: String; public var labels: String? }
    public struct Activation: Sendable, Equatable { public var network: String; public var file: String }
    public struct Betas: Sendable, Equatable { public var pattern: String; public var conditions: String; public var atlas: String? }
    public struct Filters: Sendable, Equatable {
        public var participant: [String] = [], session: [String] = [], task: [String] = [], run: [String] = [], space: [String] = []
    }
    public struct Confounds: Sendable, Equatable {
        public var strategy: [String] = []
        public var motion = ConfoundStrategy.Model.full, wmCSF = ConfoundStrategy.Model.basic, globalSignal = ConfoundStrategy.Model.basic
        public var compcor = ConfoundStrategy.CompCor.anatCombined
        public var nCompcor = "all"
        public var fdThreshold = 0.5, stdDVARSThreshold = 1.5
        public var scrub = 5
        public var columns: [String] = []
    }
    public struct Timeseries: Sendable, Equatable {
        public var atlas: [String] = []
        public var strategy = LabelsMaskerOptions.Strategy.mean
        public var mask: String?
        public var minCoverage = 0.0
        public var dummyScans = 0
        public var detrend = true
        public var standardize = Standardization.zscoreSample
        public var highPass: Double?
        public var lowPass: Double?
        public var tR: Double?
        public var censoredInterpolation = CensoredInterpolation.corrected
        public var confounds: Confounds?
    }
    /// `stages.glm`: nilearn's defaults are the GLM library's own (`GLMOptions()`).
    public struct GLMStage: Sendable, Equatable {
        public var task: [String] = []
        public var events: String?
        public var conditions: String?
        public var atlas: String?
        public var options = GLMOptions()
        public var hrf: HRFModel { options.design.hrf }
        public var mask: String?
        public var tR: Double?
        public var confounds: Confounds?
        /// `beta_series`: each run's single-trial patterns (`neurorep glm --beta-series`), for the stochastic shape metrics.
        public var betaSeries: BetaSeries.Method?
    }
    public struct Connectivity: Sendable, Equatable {
        public var kinds: [ConnectivityKind] = [.correlation]
        public var estimator = CovarianceEstimator.ledoitWolf
        public var fisherZ = false
    }
    public struct Graph: Sendable, Equatable {
        public var matrix = ConnectivityKind.correlation
        public var proportional: Double?
        public var absolute: Double?
        public var negatives = NegativeWeightPolicy.drop
        public var seed = 0
    }
    public struct Recurrence: Sendable, Equatable {
        public var dim = 1, delay = 1
        public var metric = DistanceMetric.supremum
        public var threshold: Double?, thresholdStd: Double?, recurrenceRate: Double?
        public var theiler = 0
        public var images = true
    }
    public struct RSA: Sendable, Equatable {
        public var method = RDMMethod.correlation
        public var compare = RDMComparator.spearman
        public var bootstrap = 1000, seed = 0
        /// The noise estimator of mahalanobis and crossnobis (from the GLM's residuals); nil: none (identity).
        public var noise: NoiseEstimator? = .shrinkageDiag
        /// `layer_method`, when given (see `layers`).
        public var layerMethod: RDMMethod?
        /// The layers' RDM method: `layer_method`, else euclidean when the ROIs' method needs runs
        /// and residuals (networks have neither), else the ROIs' method.
        public var layers: RDMMethod { layerMethod ?? (usesRuns ? .euclidean : method) }
        /// Whether the ROIs' method reads the GLM's runs and residuals (mahalanobis, crossnobis).
        public var usesRuns: Bool { method == .mahalanobis || method == .crossnobis }
    }
    public struct TRSA: Sendable, Equatable { public var lower = 0.2, upper = 0.8; public var geodesic = false }
    public struct Shape: Sendable, Equatable {
        public var metric = ShapeMetricKind.linear; public var alpha = 1.0; public var score = ScoreMethod.angular
        /// The stochastic metrics' settings (`PipelineConfig+Shape.swift`).
        public var stochastic = StochasticShape()
    }
    public struct Group: Sendable, Equatable {
        public var tangent = true, average = true, modelComparison = true
        public var voxelMaps = true
    }

    /// The config file, as given.
    public var file: String
    /// The config file's text (recorded in provenance).
    public var text: String
    public var name: String
    public var description: String?
    public var output: String
    public var fmriprep: String?
    public var bold: [String] = []
    public var filters = Filters()
    public var atlases: [Atlas] = []
    public var activations: [Activation] = []
    public var betas: Betas?
    public var timeseries: Timeseries?
    public var glm: GLMStage?
    public var connectivity: Connectivity?
    public var graph: Graph?
    public var recurrence: Recurrence?
    public var rsa: RSA?
    public var trsa: TRSA?
    public var shape: Shape?
    public var group: Group?
    public var voxelgraph: VoxelGraphStage?
    public var seedmap: SeedMapStage?
    public var jobs: Int?
    public var memoryPerJobMB = PipelineConfig.defaultMemoryPerJobMB
    public static let defaultMemoryPerJobMB = 1024

    /// Reads and validates a config file; every problem is reported with its line and column.
    public static func load(_ path: String) throws -> PipelineConfig {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ConfigError(file: path, position: nil, message: "cannot read config file (\(error.localizedDescription))")
        }
        let base = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let root = try ConfigNode.parse(text, file: path)
        var v = ConfigValidator(file: path, baseDirectory: base)
        v.validate(root)
        if !v.errors.isEmpty { throw ConfigErrors(errors: v.errors) }
        let config = try PipelineConfig(root: root, file: path, text: text, resolve: v.resolve)
        try config.checkOutput(position: root["output"]?.position)
        return config
    }

    /// The output must be a folder of its own: not a file, not the config's folder, and not
    /// inside (or equal to) an input folder — a derivatives dataset written into the fMRIPrep
    /// folder would be read back as input by the next run.
    public func checkOutput(position: ConfigNode.Position? = nil) throws {
        let out = URL(fileURLWithPath: output).standardized.resolvingSymlinksInPath().path
        func fail(_ why: String) -> ConfigError { ConfigError(file: file, position: position, message: "output folder \(output): \(why)") }
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: out, isDirectory: &isDir), !isDir.boolValue { throw fail("it is a file") }
        let configFolder = URL(fileURLWithPath: file).deletingLastPathComponent().standardized.resolvingSymlinksInPath().path
        if out == configFolder { throw fail("it is the config's own folder; name a folder for the outputs") }
        var inputs: [(String, String)] = []
        if let f = fmriprep { inputs.append(("inputs.fmriprep", f)) }
        if let b = betas {
            let fixed = b.pattern.prefix { !"*?[{".contains($0) }
            inputs.append(("inputs.betas.pattern", (String(fixed) as NSString).deletingLastPathComponent))
        }
        for a in activations {
            var d: ObjCBool = false
            if FileManager.default.fileExists(atPath: a.file, isDirectory: &d), d.boolValue { inputs.append(("inputs.activations", a.file)) }
        }
        for (key, folder) in inputs {
            let f = URL(fileURLWithPath: folder).standardized.resolvingSymlinksInPath().path
            if out == f || out.hasPrefix(f + "/") { throw fail("it is inside '\(key)' (\(folder)); outputs must not be written into the inputs") }
        }
    }

    /// Every value parsed once into the library's own type; defaults are the structs' own.
    init(root: ConfigNode, file: String, text: String, resolve: (String) -> String) throws {
        self.file = file
        self.text = text
        func s(_ n: ConfigNode?) -> String? { n?.scalar }
        func d(_ n: ConfigNode?) -> Double? { n?.scalar.flatMap(Double.init) }
        func i(_ n: ConfigNode?) -> Int? { n?.scalar.flatMap { Int($0) } }
        func b(_ n: ConfigNode?) -> Bool? { n?.scalar.map { ["true", "True", "yes"].contains($0) } }
        func list(_ n: ConfigNode?) -> [String] { n?.items.compactMap(\.scalar) ?? [] }
        /// A choice: absent gives the default; a word that does not parse is an error at its position.
        func choice<T: ConfigChoice>(_ n: ConfigNode?, _ fallback: T) throws -> T {
            guard let n, let word = n.scalar else { return fallback }
            guard let v = T.parse(word) else {
                throw ConfigError(file: file, position: n.position, message: "'\(word)' is not one of \(T.choices.names.joined(separator: ", "))")
            }
            return v
        }
        func choices<T: ConfigChoice>(_ n: ConfigNode?, _ fallback: [T]) throws -> [T] {
            guard let n, !n.items.isEmpty else { return fallback }
            return try n.items.map { try choice($0, fallback[0]) }
        }
        func confounds(_ c: ConfigNode) throws -> Confounds {
            var cf = Confounds()
            cf.strategy = list(c["strategy"])
            cf.motion = try choice(c["motion"], cf.motion)
            cf.wmCSF = try choice(c["wm_csf"], cf.wmCSF)
            cf.globalSignal = try choice(c["global_signal"], cf.globalSignal)
            cf.compcor = try choice(c["compcor"], cf.compcor)
            cf.nCompcor = s(c["n_compcor"]) ?? cf.nCompcor
            cf.fdThreshold = d(c["fd_threshold"]) ?? cf.fdThreshold
            cf.stdDVARSThreshold = d(c["std_dvars_threshold"]) ?? cf.stdDVARSThreshold
            cf.scrub = i(c["scrub"]) ?? cf.scrub
            cf.columns = list(c["columns"])
            return cf
        }
        name = s(root["name"]) ?? ""
        description = s(root["description"])
        output = resolve(s(root["output"]) ?? "out")
        let inputs = root["inputs"]
        fmriprep = s(inputs?["fmriprep"]).map(resolve)
        bold = list(inputs?["bold"])
        if let f = inputs?["filters"] {
            filters = Filters(participant: list(f["participant"]), session: list(f["session"]), task: list(f["task"]),
                              run: list(f["run"]), space: list(f["space"]))
        }
        atlases = (inputs?["atlases"]?.items ?? []).map {
            Atlas(name: s($0["name"]) ?? "", image: resolve(s($0["image"]) ?? ""), labels: s($0["labels"]).map(resolve))
        }
        activations = (inputs?["activations"]?.items ?? []).map {
            Activation(network: s($0["network"]) ?? "", file: resolve(s($0["file"]) ?? ""))
        }
        if let bt = inputs?["betas"] {
            betas = Betas(pattern: resolve(s(bt["pattern"]) ?? ""), conditions: resolve(s(bt["conditions"]) ?? ""), atlas: s(bt["atlas"]))
        }
        let st = root["stages"]
        if let t = st?["timeseries"] {
            var x = Timeseries()
            x.atlas = list(t["atlas"]).isEmpty ? atlases.map(\.name) : list(t["atlas"])
            x.strategy = try choice(t["strategy"], x.strategy)
            x.mask = s(t["mask"]).map(resolve)
            x.minCoverage = d(t["min_coverage"]) ?? x.minCoverage
            x.dummyScans = i(t["dummy_scans"]) ?? x.dummyScans
            x.detrend = b(t["detrend"]) ?? x.detrend
            x.standardize = try choice(t["standardize"], x.standardize)
            x.highPass = d(t["high_pass"])
            x.lowPass = d(t["low_pass"])
            x.tR = d(t["t_r"])
            x.censoredInterpolation = try choice(t["censored_interpolation"], x.censoredInterpolation)
            x.confounds = try t["confounds"].map(confounds)
            timeseries = x
        }
        if let g = st?["glm"] {
            var x = GLMStage()
            x.task = list(g["task"])
            x.events = s(g["events"]).map(resolve)
            x.conditions = s(g["conditions"]).map(resolve)
            x.atlas = s(g["atlas"])
            x.mask = s(g["mask"]).map(resolve)
            x.tR = d(g["t_r"])
            do {
                // the schema leaves out fir: it has one regressor per delay, so no single effect
                // map per condition for the ROI patterns
                if let h = s(g["hrf"]) { x.options.design.hrf = try HRFModel(name: h) }
            } catch {
                throw ConfigError(file: file, position: g["hrf"]?.position, message: "'stages.glm.hrf': \(error)")
            }
            switch s(g["drift"]) ?? x.options.design.drift.name {
            case "polynomial": x.options.design.drift = .polynomial(order: i(g["drift_order"]) ?? 1)
            case "none": x.options.design.drift = .none
            default: x.options.design.drift = .cosine(highPass: d(g["high_pass"]) ?? 0.01)
            }
            x.options.noise = try choice(g["noise_model"], x.options.noise)
            x.options.scaling = try choice(g["signal_scaling"], x.options.scaling)
            x.confounds = try g["confounds"].map(confounds)
            x.betaSeries = try g["beta_series"].map { try choice($0, BetaSeries.Method.lss) }
            glm = x
        }
        if let c = st?["connectivity"] {
            var x = Connectivity()
            x.kinds = try choices(c["kinds"], x.kinds)
            x.estimator = try choice(c["estimator"], x.estimator)
            x.fisherZ = b(c["fisher_z"]) ?? x.fisherZ
            connectivity = x
        }
        if let g = st?["graph"] {
            let x = Graph()
            graph = Graph(matrix: try choice(g["matrix"], x.matrix), proportional: d(g["proportional"]), absolute: d(g["absolute"]),
                          negatives: try choice(g["negatives"], x.negatives), seed: i(g["seed"]) ?? x.seed)
        }
        if let r = st?["recurrence"] {
            let x = Recurrence()
            recurrence = Recurrence(dim: i(r["dim"]) ?? x.dim, delay: i(r["delay"]) ?? x.delay, metric: try choice(r["metric"], x.metric),
                                    threshold: d(r["threshold"]), thresholdStd: d(r["threshold_std"]),
                                    recurrenceRate: d(r["recurrence_rate"]), theiler: i(r["theiler"]) ?? x.theiler, images: b(r["images"]) ?? x.images)
        }
        if let r = st?["rsa"] {
            let x = RSA()
            rsa = RSA(method: try choice(r["method"], x.method), compare: try choice(r["compare"], x.compare),
                      bootstrap: i(r["bootstrap"]) ?? x.bootstrap, seed: i(r["seed"]) ?? x.seed,
                      noise: try Self.noiseEstimator(s(r["noise"]), x.noise, position: r["noise"]?.position, file: file),
                      layerMethod: try r["layer_method"].map { try choice($0, x.method) })
        }
        if let t = st?["trsa"] { let x = TRSA(); trsa = TRSA(lower: d(t["lower"]) ?? x.lower, upper: d(t["upper"]) ?? x.upper, geodesic: b(t["geodesic"]) ?? x.geodesic) }
        if let n = st?["shape"] { shape = try Self.parseShape(n, file: file) }
        if let g = st?["group"] {
            let x = Group()
            group = Group(tangent: b(g["tangent"]) ?? x.tangent, average: b(g["average"]) ?? x.average,
                          modelComparison: b(g["model_comparison"]) ?? x.modelComparison)
            group?.voxelMaps = b(g["voxel_maps"]) ?? x.voxelMaps
        }
        if let v = st?["voxelgraph"] { voxelgraph = try Self.parseVoxelGraph(v, file: file, resolve: resolve) }
        if let v = st?["seedmap"] { seedmap = try Self.parseSeedMap(v, file: file, resolve: resolve) }
        jobs = i(root["run"]?["jobs"])
        memoryPerJobMB = i(root["run"]?["memory_per_job_mb"]) ?? Self.defaultMemoryPerJobMB
    }
}

extension PipelineConfig {
    /// `stages.rsa.noise`: an rsatoolbox estimator, or `none` (nil).
    static func noiseEstimator(_ word: String?, _ fallback: NoiseEstimator?, position: ConfigNode.Position?, file: String) throws -> NoiseEstimator? {
        guard let word else { return fallback }
        if word == "none" { return nil }
        guard let e = NoiseEstimator(rawValue: word) else {
            throw ConfigError(file: file, position: position,
                              message: "'\(word)' is not one of \((NoiseEstimator.allCases.map(\.rawValue) + ["none"]).joined(separator: ", "))")
        }
        return e
    }
}
