import FMRIWorkflow
import Foundation
import Provenance

/// Turns a validated config into work units, in one generic place: the enabled steps of
/// `StepCatalog` (each declaring what it consumes and produces, and its scope), wired by kind
/// through a `PlanGraph`, then filtered by scope for `--shard`, `--skip-group` and `--group-only`.
public struct PipelinePlan {
    public let units: [WorkUnit]
    /// The subjects this plan covers (after `--shard`).
    public let subjects: [String]

    /// Which phases to plan: `--skip-group` for a shard of an array job, `--group-only` for the
    /// dependent group job.
    public struct Phases: Sendable {
        public var subjects = true
        public var group = true
        public init(subjects: Bool = true, group: Bool = true) { self.subjects = subjects; self.group = group }
    }

    public init(config: PipelineConfig, ledger: RunLedger, shard: Shard? = nil, phases: Phases = Phases(),
                command: String = "neurorep run") throws {
        let layout = OutputLayout(root: config.output)
        let context = PlanContext(config: config, layout: layout, ledger: ledger, command: command)
        let steps = try StepCatalog.enabledSteps(config)
        let consumed = Set(steps.flatMap { $0.consumes })

        // the inputs the steps need, and the subjects (a subject is in one shard for every step)
        let graph = PlanGraph()
        if consumed.contains(.boldRuns) { graph.runs = try Discovery.runs(for: config) }
        if config.glm != nil, config.betas != nil, consumed.contains(.betaMaps) {
            throw ConfigError(file: config.file, position: nil,
                              message: "both 'inputs.betas' and 'stages.glm' give beta maps; keep one of them")
        }
        if consumed.contains(.betaMaps) { graph.betaMaps = try Discovery.betaMaps(for: config).map { ($0.subject, $0.path, nil) } }
        if config.glm != nil { graph.taskRuns = try Discovery.taskRuns(for: config) }
        let all = Set(graph.runs.map(\.subject)).union(graph.betaMaps.map(\.subject)).union(graph.taskRuns.map(\.run.subject))
        let inShard = shard.map { Set($0.select(Array(all))) } ?? all
        // group units need every subject's keys; without them, a shard plans (and hashes the inputs of) its own subjects only
        let planGroup = phases.group && (shard == nil || !phases.subjects)
        if !planGroup {
            graph.runs = graph.runs.filter { inShard.contains($0.subject) }
            graph.betaMaps = graph.betaMaps.filter { inShard.contains($0.subject) }
            graph.taskRuns = graph.taskRuns.filter { inShard.contains($0.run.subject) }
        }

        var units: [WorkUnit] = []
        for step in steps {
            for u in try step.units(context, graph) {
                switch step.scope {
                case .run, .subject: if phases.subjects && inShard.contains(u.subject) { units.append(u) }
                case .networks: if phases.subjects { units.append(u) }
                case .group: if planGroup { units.append(u) }
                }
            }
        }
        self.units = units
        self.subjects = Set(units.map(\.subject)).subtracting([WorkUnit.networks, WorkUnit.group]).sorted()
    }
}
