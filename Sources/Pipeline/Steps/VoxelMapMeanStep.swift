/// Group mean of every per-run voxel map across subjects (`stages.group.voxel_maps`, with
/// `stages.voxelgraph` or `stages.seedmap`).
enum VoxelMapMeanStep: PipelineStep {
    static let name = "voxelmean"
    static let scope = StepScope.group
    static let consumes: [ArtifactKind] = [.voxelMaps]
    static let produces: [ArtifactKind] = [.voxelGroupMean]
    static func isEnabled(_ c: PipelineConfig) -> Bool { (c.voxelgraph != nil || c.seedmap != nil) && c.group?.voxelMaps == true }

    static func units(_ context: PlanContext, _ graph: PlanGraph) throws -> [WorkUnit] {
        let keys = graph.keys(.voxelMaps)
        guard !keys.isEmpty, !graph.runs.isEmpty else { return [] }
        return [VoxelSteps(context: context).groupMeanUnit(runs: graph.runs, upstream: keys)]
    }
}
