import VoxelGraph

// The voxel-graph stage's choices, parsed into VoxelGraph's own enums (kept apart from
// ConfigChoice.swift so stages added in parallel do not touch the same lines).
extension EdgeRule.Sign: ConfigChoice {}
extension VoxelMapStat: ConfigChoice {}
