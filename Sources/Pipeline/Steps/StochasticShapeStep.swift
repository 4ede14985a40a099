/// The stochastic shape metrics (`stages.shape.metric: gaussian | energy`) between each
/// subject's ROIs, sampled by their single-trial patterns, and every network layer.
enum StochasticShapeStep: PipelineStep {
    static let name = "stochastic shape"
    static let scope = StepScope.subject
    static let consumes: [ArtifactKind] = [.trialPatterns, .activations]
    static let produces: [ArtifactKind] = [.shapeDistances]
    static func isEnabled(_ c: PipelineConfig) -> Bool { c.shape?.metric.isStochastic ?? false }

    static func units(_ context: PlanContext, _ graph: PlanGraph) throws -> [WorkUnit] {
        let step = StochasticShapeUnits(context: context, representations: try RepresentationSteps(context: context))
        if graph.trialPatterns.isEmpty && !graph.betaMaps.isEmpty {
            throw ConfigError(file: context.config.file, position: nil,
                              message: "stage 'shape' with metric '\(context.config.shape?.metric.rawValue ?? "")' needs single-trial patterns: set 'stages.glm.beta_series' (lss or lsa)")
        }
        return try graph.trialPatterns.map { t in
            let u = try step.subjectUnit(t)
            graph.produce(.shapeDistances, "sub-" + t.subject, u.key)
            return u
        }
    }
}
