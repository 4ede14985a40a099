/// ROI time series of every BOLD run and atlas (`stages.timeseries`).
enum TimeSeriesStep: PipelineStep {
    static let name = "timeseries"
    static let scope = StepScope.run
    static let consumes: [ArtifactKind] = [.boldRuns]
    static let produces: [ArtifactKind] = [.timeSeries]
    static func isEnabled(_ c: PipelineConfig) -> Bool { c.timeseries != nil }

    static func units(_ context: PlanContext, _ graph: PlanGraph) throws -> [WorkUnit] {
        let fmri = FMRISteps(context: context)
        var out: [WorkUnit] = []
        for atlas in try context.timeSeriesAtlases() {
            for run in graph.runs {
                let u = try fmri.timeSeriesUnit(run: run, atlas: atlas)
                graph.produce(.timeSeries, PlanGraph.runID(context.layout, run, atlas.name), u.key)
                out.append(u)
            }
        }
        return out
    }
}
