/// Recurrence plots and RQA of each run's ROI time series (`stages.recurrence`).
enum RecurrenceAnalysisStep: PipelineStep {
    static let name = "recurrence"
    static let scope = StepScope.run
    static let consumes: [ArtifactKind] = [.timeSeries]
    static let produces: [ArtifactKind] = [.recurrence]
    static func isEnabled(_ c: PipelineConfig) -> Bool { c.recurrence != nil }

    static func units(_ context: PlanContext, _ graph: PlanGraph) throws -> [WorkUnit] {
        let step = RecurrenceStep(context: context, fmri: FMRISteps(context: context))
        var out: [WorkUnit] = []
        for atlas in try context.timeSeriesAtlases() {
            for run in graph.runs {
                let id = PlanGraph.runID(context.layout, run, atlas.name)
                guard let ts = graph.key(.timeSeries, id) else { continue }
                let u = try step.unit(run: run, atlas: atlas, timeSeriesKey: ts)
                graph.produce(.recurrence, id, u.key)
                out.append(u)
            }
        }
        return out
    }
}
