/// The group average of every per-run connectivity kind (`stages.group.average`).
enum GroupAverageStep: PipelineStep {
    static let name = "average"
    static let scope = StepScope.group
    static let consumes: [ArtifactKind] = [.connectivity]
    static let produces: [ArtifactKind] = [.groupAverage]
    static func isEnabled(_ c: PipelineConfig) -> Bool { c.connectivity != nil && c.group?.average == true }

    static func units(_ context: PlanContext, _ graph: PlanGraph) throws -> [WorkUnit] {
        let fmri = FMRISteps(context: context)
        return try context.timeSeriesAtlases().compactMap { atlas in
            let keys = graph.runs.compactMap { graph.key(.connectivity, PlanGraph.runID(context.layout, $0, atlas.name)) }
            guard !keys.isEmpty else { return nil }
            return fmri.averageUnit(runs: graph.runs, atlas: atlas, connectivityKeys: keys)
        }
    }
}
