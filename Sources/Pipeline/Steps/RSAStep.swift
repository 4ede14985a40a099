/// Each subject's ROI RDMs compared with every layer RDM, by RSA and topological RSA
/// (`stages.rsa`, `stages.trsa`).
enum RSAStep: PipelineStep {
    static let name = "rsa"
    static let scope = StepScope.subject
    static let consumes: [ArtifactKind] = [.betaMaps, .layerRDMs]
    static let produces: [ArtifactKind] = [.roiRDMs]
    static func isEnabled(_ c: PipelineConfig) -> Bool { c.rsa != nil }

    static func units(_ context: PlanContext, _ graph: PlanGraph) throws -> [WorkUnit] {
        let rep = try RepresentationSteps(context: context)
        guard let layers = graph.key(.layerRDMs, WorkUnit.networks) else { return [] }
        return try graph.betaMaps.map { m in
            let u = try rep.subjectUnit(subject: m.subject, betas: m.path, producer: m.producer, networksKey: layers, runPatterns: graph.runPatterns[m.subject])
            graph.produce(.roiRDMs, "sub-" + m.subject, u.key)
            return u
        }
    }
}
