/// Layers ranked per ROI across subjects, with bootstrap and noise ceilings
/// (`stages.group.model_comparison`, with `stages.rsa`; needs two subjects).
enum ModelComparisonStep: PipelineStep {
    static let name = "rsa model comparison"
    static let scope = StepScope.group
    static let consumes: [ArtifactKind] = [.roiRDMs, .layerRDMs]
    static let produces: [ArtifactKind] = [.modelComparison]
    static func isEnabled(_ c: PipelineConfig) -> Bool { c.rsa != nil && c.group?.modelComparison == true }

    static func units(_ context: PlanContext, _ graph: PlanGraph) throws -> [WorkUnit] {
        let subjects = graph.betaMaps.map(\.subject)
        guard subjects.count >= 2, let layers = graph.key(.layerRDMs, WorkUnit.networks) else { return [] }
        let keys = subjects.compactMap { graph.key(.roiRDMs, "sub-" + $0) }
        return [try RepresentationSteps(context: context).groupUnit(subjects: subjects, subjectKeys: keys, networksKey: layers)]
    }
}
