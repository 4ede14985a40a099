/// Shape distances between each subject's ROIs and every network layer (`stages.shape`).
enum ShapeDistanceStep: PipelineStep {
    static let name = "shape"
    static let scope = StepScope.subject
    static let consumes: [ArtifactKind] = [.betaMaps, .activations]
    static let produces: [ArtifactKind] = [.shapeDistances]
    static func isEnabled(_ c: PipelineConfig) -> Bool { c.shape.map { !$0.metric.isStochastic } ?? false }

    static func units(_ context: PlanContext, _ graph: PlanGraph) throws -> [WorkUnit] {
        let step = ShapeStep(context: context, representations: try RepresentationSteps(context: context))
        return try graph.betaMaps.map { m in
            let u = try step.subjectUnit(subject: m.subject, betas: m.path, producer: m.producer)
            graph.produce(.shapeDistances, "sub-" + m.subject, u.key)
            return u
        }
    }
}
