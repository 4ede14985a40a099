import FMRIWorkflow
import Foundation
import Provenance

/// Turns a validated config into work units: per subject, the fMRI branch (time series ->
/// connectivity -> graph; time series -> recurrence) and the representational branch (ROI RDMs
/// -> comparisons with the layer RDMs, tRSA, shape distances); before the subjects, the
/// networks' layer RDMs; after them, the group stage.
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
        var units: [WorkUnit] = []
        var subjects = Set<String>()
        // the group units need every subject's keys; without them, a shard plans (and hashes the
        // inputs of) its own subjects only
        let planGroup = phases.group && (shard == nil || !phases.subjects)

        // fMRI branch
        if config.timeseries != nil {
            let allRuns = try Discovery.runs(for: config)
            let runs = shard.map { s in let keep = Set(s.select(Array(Set(allRuns.map(\.subject))))); return allRuns.filter { keep.contains($0.subject) } } ?? allRuns
            let fmri = FMRISteps(context: context)
            for atlasName in config.timeseries!.atlas {
                let atlas = config.atlases.first { $0.name == atlasName }!
                var tsKeys: [String] = [], connKeys: [String] = []
                for run in allRuns where planGroup || runs.contains(run) {
                    let ts = try fmri.timeSeriesUnit(run: run, atlas: atlas)
                    tsKeys.append(ts.key)
                    let inShard = runs.contains(run)
                    if inShard && phases.subjects { units.append(ts); subjects.insert(run.subject) }
                    if config.connectivity != nil, let conn = try fmri.connectivityUnit(run: run, atlas: atlas, timeSeriesKey: ts.key) {
                        connKeys.append(conn.key)
                        if inShard && phases.subjects {
                            units.append(conn)
                            if config.graph != nil { units.append(GraphStep(context: context, fmri: fmri).unit(run: run, atlas: atlas, connectivityKey: conn.key)) }
                        }
                    }
                    if inShard && phases.subjects, config.recurrence != nil {
                        units.append(try RecurrenceStep(context: context, fmri: fmri).unit(run: run, atlas: atlas, timeSeriesKey: ts.key))
                    }
                }
                if planGroup {
                    units += fmri.groupUnits(runs: allRuns, atlas: atlas, timeSeriesKeys: tsKeys, connectivityKeys: connKeys)
                }
            }
        }
        // shape metrics (ROIs against layers)
        if config.shape != nil, config.betas != nil, !config.activations.isEmpty {
            let step = ShapeStep(context: context, representations: RepresentationSteps(context: context))
            let maps = try Discovery.betaMaps(for: config)
            let keep = Set(shard.map { $0.select(maps.map(\.subject)) } ?? maps.map(\.subject))
            var keys: [String] = []
            for m in maps where planGroup || keep.contains(m.subject) {
                let u = try step.subjectUnit(subject: m.subject, betas: m.path)
                keys.append(u.key)
                if phases.subjects && keep.contains(m.subject) { units.append(u); subjects.insert(m.subject) }
            }
            if planGroup, config.group != nil, maps.count >= 2 {
                units.append(step.groupUnit(subjects: maps.map(\.subject), subjectKeys: keys))
            }
        }
        // representational branch
        if config.rsa != nil, config.betas != nil, !config.activations.isEmpty {
            let rep = RepresentationSteps(context: context)
            let maps = try Discovery.betaMaps(for: config)
            let keep = Set(shard.map { $0.select(maps.map(\.subject)) } ?? maps.map(\.subject))
            let networks = try rep.networksUnit()
            if phases.subjects { units.append(networks) }
            var keys: [String] = []
            for m in maps where planGroup || keep.contains(m.subject) {
                let u = try rep.subjectUnit(subject: m.subject, betas: m.path, networksKey: networks.key)
                keys.append(u.key)
                if phases.subjects && keep.contains(m.subject) { units.append(u); subjects.insert(m.subject) }
            }
            if planGroup, config.group?.modelComparison == true, maps.count >= 2 {
                units.append(rep.groupUnit(subjects: maps.map(\.subject), subjectKeys: keys, networksKey: networks.key))
            }
        }
        self.units = units
        self.subjects = subjects.sorted()
    }
}
