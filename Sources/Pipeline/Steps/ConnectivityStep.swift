/// Per-run connectivity matrices from the cleaned time series (`stages.connectivity`; tangent is
/// the group step `TangentStep`).
enum ConnectivityStep: PipelineStep {
    static let name = "connectivity"
    static let scope = StepScope.run
    static let consumes: [ArtifactKind] = [.timeSeries]
    static let produces: [ArtifactKind] = [.connectivity]
    static func isEnabled(_ c: PipelineConfig) -> Bool { c.connectivity != nil }

    static func units(_ context: PlanContext, _ graph: PlanGraph) throws -> [WorkUnit] {
        let fmri = FMRISteps(context: context)
        var out: [WorkUnit] = []
        for atlas in try context.timeSeriesAtlases() {
            for run in graph.runs {
                let id = PlanGraph.runID(context.layout, run, atlas.name)
                guard let ts = graph.key(.timeSeries, id), let u = try fmri.connectivityUnit(run: run, atlas: atlas, timeSeriesKey: ts) else { continue }
                graph.produce(.connectivity, id, u.key)
                out.append(u)
            }
        }
        return out
    }
}
