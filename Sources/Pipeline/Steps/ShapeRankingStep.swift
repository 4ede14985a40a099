/// The mean ROI x layer shape distance over subjects and each ROI's nearest layer
/// (`stages.group`, with `stages.shape`; needs two subjects).
enum ShapeRankingStep: PipelineStep {
    static let name = "shape ranking"
    static let scope = StepScope.group
    static let consumes: [ArtifactKind] = [.shapeDistances]
    static let produces: [ArtifactKind] = [.shapeRanking]
    static func isEnabled(_ c: PipelineConfig) -> Bool { c.shape != nil && c.group != nil }

    static func units(_ context: PlanContext, _ graph: PlanGraph) throws -> [WorkUnit] {
        let subjects = graph.betaMaps.map(\.subject)
        guard subjects.count >= 2 else { return [] }
        let keys = subjects.compactMap { graph.key(.shapeDistances, "sub-" + $0) }
        let step = ShapeStep(context: context, representations: try RepresentationSteps(context: context))
        return [step.groupUnit(subjects: subjects, subjectKeys: keys)]
    }
}
