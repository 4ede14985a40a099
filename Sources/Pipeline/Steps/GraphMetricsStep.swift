/// Graph metrics of each run's connectivity matrix (`stages.graph`).
enum GraphMetricsStep: PipelineStep {
    static let name = "graph"
    static let scope = StepScope.run
    static let consumes: [ArtifactKind] = [.connectivity]
    static let produces: [ArtifactKind] = [.graphMetrics]
    static func isEnabled(_ c: PipelineConfig) -> Bool { c.graph != nil }

    static func units(_ context: PlanContext, _ graph: PlanGraph) throws -> [WorkUnit] {
        let step = GraphStep(context: context, fmri: FMRISteps(context: context))
        var out: [WorkUnit] = []
        for atlas in try context.timeSeriesAtlases() {
            for run in graph.runs {
                let id = PlanGraph.runID(context.layout, run, atlas.name)
                guard let conn = graph.key(.connectivity, id) else { continue }
                let u = try step.unit(run: run, atlas: atlas, connectivityKey: conn)
                graph.produce(.graphMetrics, id, u.key)
                out.append(u)
            }
        }
        return out
    }
}
