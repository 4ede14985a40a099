/// The first-level GLM of each subject's task runs (`stages.glm`): its condition effect maps are
/// the subject's beta maps, which `rsa`, `trsa` and `shape` read as they read `inputs.betas`.
enum GLMStep: PipelineStep {
    static let name = "glm"
    static let scope = StepScope.subject
    static let consumes: [ArtifactKind] = [.boldRuns]
    static let produces: [ArtifactKind] = [.betaMaps, .runPatterns, .trialPatterns]
    static func isEnabled(_ c: PipelineConfig) -> Bool { c.glm != nil }

    static func units(_ context: PlanContext, _ graph: PlanGraph) throws -> [WorkUnit] {
        let glm = GLMUnits(context: context)
        let subjects = Array(Set(graph.taskRuns.map(\.run.subject))).sorted()
        return try subjects.map { s in
            let runs = graph.taskRuns.filter { $0.run.subject == s }
            let (unit, betas) = try glm.subjectUnit(subject: s, runs: runs)
            graph.betaMaps.append((s, betas, unit.key))
            graph.produce(.betaMaps, "sub-" + s, unit.key)
            if let f = try GLMRunPatterns.files(config: context.config, layout: context.layout, subject: s, runs: runs.map(\.run), combinedPrefix: glm.prefix(runs.map(\.run))) {
                graph.runPatterns[s] = f
                graph.produce(.runPatterns, "sub-" + s, unit.key)
            }
            if let t = glm.trialPatterns(subject: s, runs: runs, producer: unit.key) {
                graph.trialPatterns.append(t)
                graph.produce(.trialPatterns, "sub-" + s, unit.key)
            }
            return unit
        }
    }
}
