/// Tangent-space connectivity over every run (`stages.group.tangent`, with `stages.connectivity`).
enum TangentStep: PipelineStep {
    static let name = "tangent"
    static let scope = StepScope.group
    static let consumes: [ArtifactKind] = [.timeSeries]
    static let produces: [ArtifactKind] = [.tangent]
    static func isEnabled(_ c: PipelineConfig) -> Bool { c.connectivity != nil && c.group?.tangent == true }

    static func units(_ context: PlanContext, _ graph: PlanGraph) throws -> [WorkUnit] {
        let fmri = FMRISteps(context: context)
        return try context.timeSeriesAtlases().compactMap { atlas in
            let keys = graph.runs.compactMap { graph.key(.timeSeries, PlanGraph.runID(context.layout, $0, atlas.name)) }
            return fmri.tangentUnit(runs: graph.runs, atlas: atlas, timeSeriesKeys: keys)
        }
    }
}
