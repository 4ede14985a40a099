import VoxelGraph

/// The keys of the `voxelgraph` and `seedmap` stages (VoxelGraph library; `neurorep voxelgraph`
/// and `neurorep seedmap` take the same parameters). Cleaning comes from `stages.timeseries`
/// (its defaults when that stage is absent).
extension ConfigSchema {
    static let voxelgraph: [ConfigKey] = [
        ConfigKey("mask", .file, default: "fMRIPrep's *_desc-brain_mask.nii.gz beside each BOLD", "Brain mask on the BOLD grid: the graph's nodes."),
        ConfigKey("threshold", .number(-1...1), "Edges where r > T (or |r| > T with sign absolute). Exactly one of threshold and density."),
        ConfigKey("density", .number(0...1), "Edges: the top fraction of voxel pairs by r (or |r|), exact, ties by pair order."),
        ConfigKey("sign", .choice(EdgeRule.Sign.choices), default: EdgeRule.Sign.positive.rawValue, "positive (r) or absolute (|r|)."),
        ConfigKey("exclude_radius", .number(0...1000), "Drop pairs of voxels closer than this many mm."),
        ConfigKey("maps", .list(.choice(VoxelMapStat.choices)), default: "all", "Which maps to write."),
    ]

    static let seedmap: [ConfigKey] = [
        ConfigKey("seeds", .objects(seed), required: true, "Seeds, each with a name and one of coords + radius, mask, or atlas + label."),
        ConfigKey("mask", .file, default: "the BOLD's *_desc-brain_mask.nii.gz when present, else every varying voxel", "Target voxels (a mask on the BOLD grid)."),
    ]

    static let seed: [ConfigKey] = [
        ConfigKey("name", .label, required: true, "Seed name, in output names (`desc-<name>`)."),
        ConfigKey("coords", .list(.number(nil)), "Sphere centre [x, y, z] in mm (the BOLD's world space, e.g. MNI), nilearn NiftiSpheresMasker semantics."),
        ConfigKey("radius", .number(0...1000), "Sphere radius in mm (with coords)."),
        ConfigKey("mask", .file, "Seed: the non-zero voxels of this 3D image."),
        ConfigKey("atlas", .file, "Seed: a 3D label atlas (with label)."),
        ConfigKey("label", .number(nil), "The atlas label of the seed."),
    ]
}
