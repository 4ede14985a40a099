import Foundation

/// What steps read and write, by kind. A step consumes kinds and produces kinds; the planner
/// wires a step to whichever steps produce what it consumes.
public enum ArtifactKind: String, Sendable, CaseIterable {
    // inputs (from `inputs:` of the config)
    case boldRuns = "BOLD runs"
    case betaMaps = "beta maps"
    case activations = "network activations"
    // step outputs
    case timeSeries = "ROI time series"
    case connectivity = "connectivity matrices"
    case graphMetrics = "graph metrics"
    case recurrence = "recurrence plots and RQA"
    case layerRDMs = "layer RDMs"
    case roiRDMs = "ROI RDMs and RSA similarities"
    /// Per-run condition patterns and ROI residuals of the `glm` stage (mahalanobis, crossnobis).
    case runPatterns = "per-run condition patterns and ROI residuals"
    case shapeDistances = "shape distances"
    case trialPatterns = "single-trial patterns"
    case tangent = "tangent connectivity"
    case groupAverage = "group-average matrices"
    case modelComparison = "model comparison"
    case shapeRanking = "shape ranking"
    // voxel stages
    case voxelMaps = "voxel maps"
    case voxelGroupMean = "group-mean voxel maps"
}

/// How often a step runs: once per BOLD run (and atlas), per subject, once before the subjects
/// (the networks), or once after them (the group).
public enum StepScope: String, Sendable {
    case run, subject, networks, group
}

/// One stage of a pipeline. To add a stage: one file with a type conforming to this protocol,
/// one line in `StepCatalog.all`, and its keys in `ConfigSchema` (see Sources/Pipeline/README.md).
protocol PipelineStep {
    /// The step's name (as in progress lines and `status`).
    static var name: String { get }
    static var scope: StepScope { get }
    static var consumes: [ArtifactKind] { get }
    static var produces: [ArtifactKind] { get }
    /// Whether the config asks for this step (its `stages` entry; group steps also need `stages.group`).
    static func isEnabled(_ config: PipelineConfig) -> Bool
    /// The step's units. `graph` holds what earlier steps produced (their unit keys by kind and
    /// scope id) and what this step adds; units of every subject the plan needs are built, the
    /// planner then keeps those of the shard and phases asked for.
    static func units(_ context: PlanContext, _ graph: PlanGraph) throws -> [WorkUnit]
}

/// What the planner knows while it builds the units: the discovered inputs and, per artifact
/// kind and scope id (`<run prefix>_atlas-<name>`, `sub-<label>`, `networks`, `group`), the key
/// of the unit that produces it.
final class PlanGraph {
    /// BOLD runs the plan covers (every run when the group is planned, else the shard's).
    var runs: [BOLDRun] = []
    /// Task runs of the `glm` stage with their events files.
    var taskRuns: [(run: BOLDRun, events: String)] = []
    /// Beta maps (subject, file) the plan covers, with the key of the unit that makes them
    /// (`glm`), or nil for an input file (`inputs.betas`), checksummed when planned.
    var betaMaps: [(subject: String, path: String, producer: String?)] = []
    /// Per subject, the per-run patterns and ROI residuals the `glm` unit writes (by the same key).
    var runPatterns: [String: GLMRunPatterns.Files] = [:]
    /// Each subject's single-trial patterns (`stages.glm.beta_series`), with the `glm` unit's key.
    var trialPatterns: [GLMTrialPatterns] = []
    private var keys: [ArtifactKind: [String: String]] = [:]

    func produce(_ kind: ArtifactKind, _ id: String, _ key: String) { keys[kind, default: [:]][id] = key }
    func key(_ kind: ArtifactKind, _ id: String) -> String? { keys[kind]?[id] }
    /// Every key of a kind, in scope-id order.
    func keys(_ kind: ArtifactKind) -> [String] { (keys[kind] ?? [:]).sorted { $0.key < $1.key }.map(\.value) }

    static func runID(_ layout: OutputLayout, _ run: BOLDRun, _ atlas: String) -> String { layout.prefix(for: run) + "_atlas-" + atlas }
}

/// Every stage, in an order where each step comes after the steps it consumes from.
enum StepCatalog {
    static let all: [PipelineStep.Type] = [
        TimeSeriesStep.self, GLMStep.self, ConnectivityStep.self, GraphMetricsStep.self, RecurrenceAnalysisStep.self,
        LayerRDMStep.self, RSAStep.self, ShapeDistanceStep.self, StochasticShapeStep.self,
        TangentStep.self, GroupAverageStep.self, ModelComparisonStep.self, ShapeRankingStep.self,
        VoxelGraphStep.self, SeedMapStep.self, VoxelMapMeanStep.self,
    ]

    /// The kinds the config's inputs provide.
    static func inputKinds(_ config: PipelineConfig) -> Set<ArtifactKind> {
        var k = Set<ArtifactKind>()
        if config.fmriprep != nil || !config.bold.isEmpty { k.insert(.boldRuns) }
        if config.betas != nil { k.insert(.betaMaps) }
        if !config.activations.isEmpty { k.insert(.activations) }
        return k
    }

    /// The enabled steps, checked: a step whose inputs no input and no enabled step produces is
    /// a config error (it could never run).
    static func enabledSteps(_ config: PipelineConfig) throws -> [PipelineStep.Type] {
        var available = inputKinds(config)
        var steps: [PipelineStep.Type] = []
        for s in all where s.isEnabled(config) {
            if let missing = s.consumes.first(where: { !available.contains($0) }) {
                throw ConfigError(file: config.file, position: nil,
                                  message: "step '\(s.name)' needs \(missing.rawValue), which neither the inputs nor any configured stage provide")
            }
            available.formUnion(s.produces)
            steps.append(s)
        }
        return steps
    }
}
