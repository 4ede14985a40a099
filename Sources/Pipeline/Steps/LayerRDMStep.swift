/// Every network layer's RDM, once before the subjects (needed by `stages.rsa`): shared work, so
/// shards of an array job wait for the one that computes it instead of each computing it.
enum LayerRDMStep: PipelineStep {
    static let name = "layer RDMs"
    static let scope = StepScope.networks
    static let consumes: [ArtifactKind] = [.activations, .betaMaps]
    static let produces: [ArtifactKind] = [.layerRDMs]
    static func isEnabled(_ c: PipelineConfig) -> Bool { c.rsa != nil }

    static func units(_ context: PlanContext, _ graph: PlanGraph) throws -> [WorkUnit] {
        let u = try RepresentationSteps(context: context).networksUnit()
        graph.produce(.layerRDMs, WorkUnit.networks, u.key)
        return [u]
    }
}
