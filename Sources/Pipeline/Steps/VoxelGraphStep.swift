/// Voxel-wise network maps of every BOLD run (`stages.voxelgraph`; `neurorep voxelgraph`).
enum VoxelGraphStep: PipelineStep {
    static let name = "voxelgraph"
    static let scope = StepScope.run
    static let consumes: [ArtifactKind] = [.boldRuns]
    static let produces: [ArtifactKind] = [.voxelMaps]
    static func isEnabled(_ c: PipelineConfig) -> Bool { c.voxelgraph != nil }

    static func units(_ context: PlanContext, _ graph: PlanGraph) throws -> [WorkUnit] {
        let voxel = VoxelSteps(context: context)
        return try graph.runs.map { run in
            let u = try voxel.voxelGraphUnit(run: run)
            graph.produce(.voxelMaps, context.layout.prefix(for: run) + "_voxelgraph", u.key)
            return u
        }
    }
}
