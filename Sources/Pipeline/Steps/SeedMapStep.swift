/// Seed-to-voxel r and Fisher z maps of every BOLD run and seed (`stages.seedmap`; `neurorep seedmap`).
enum SeedMapStep: PipelineStep {
    static let name = "seedmap"
    static let scope = StepScope.run
    static let consumes: [ArtifactKind] = [.boldRuns]
    static let produces: [ArtifactKind] = [.voxelMaps]
    static func isEnabled(_ c: PipelineConfig) -> Bool { c.seedmap != nil }

    static func units(_ context: PlanContext, _ graph: PlanGraph) throws -> [WorkUnit] {
        let voxel = VoxelSteps(context: context)
        return try graph.runs.map { run in
            let u = try voxel.seedMapUnit(run: run)
            graph.produce(.voxelMaps, context.layout.prefix(for: run) + "_seedmap", u.key)
            return u
        }
    }
}
