import Foundation
import VoxelGraph

/// The typed sections of the `voxelgraph` and `seedmap` stages (`stages.voxelgraph`,
/// `stages.seedmap`), parsed into VoxelGraph's own types; errors carry the file, line and column.
extension PipelineConfig {
    public struct VoxelGraphStage: Sendable, Equatable {
        /// Brain mask on the BOLD grid; nil: fMRIPrep's `…_desc-brain_mask.nii.gz` beside each BOLD.
        public var mask: String?
        public var rule = EdgeRule(selection: .threshold(0.5))
        public var maps: [VoxelMapStat] = VoxelMapStat.allCases
    }

    public struct Seed: Sendable, Equatable {
        /// BIDS label used in `desc-<name>`.
        public var name: String
        public var region: SeedRegion
    }

    public struct SeedMapStage: Sendable, Equatable {
        public var seeds: [Seed] = []
        /// Target voxels (nil: the BOLD's brain mask beside it when present, else every varying voxel).
        public var mask: String?
    }

    static func parseVoxelGraph(_ n: ConfigNode, file: String, resolve: (String) -> String) throws -> VoxelGraphStage {
        func fail(_ node: ConfigNode?, _ m: String) -> ConfigError { ConfigError(file: file, position: (node ?? n).position, message: m) }
        var x = VoxelGraphStage()
        x.mask = n["mask"]?.scalar.map(resolve)
        let threshold = n["threshold"]?.scalar.flatMap(Double.init), density = n["density"]?.scalar.flatMap(Double.init)
        guard (threshold == nil) != (density == nil) else {
            throw fail(n, "stage 'voxelgraph' needs exactly one of 'threshold' or 'density'")
        }
        var sign = EdgeRule.Sign.positive
        if let s = n["sign"], let w = s.scalar {
            guard let v = EdgeRule.Sign.parse(w) else { throw fail(s, "'\(w)' is not one of \(EdgeRule.Sign.choices.names.joined(separator: ", "))") }
            sign = v
        }
        x.rule = EdgeRule(selection: threshold.map { .threshold($0) } ?? .density(density ?? 0), sign: sign,
                          excludeRadius: n["exclude_radius"]?.scalar.flatMap(Double.init))
        do { try x.rule.validate() } catch let e as VoxelGraphError {
            // the library names the CLI option (`--exclude-radius`); name the config key instead
            let key = e.path.replacingOccurrences(of: "--", with: "").replacingOccurrences(of: "-", with: "_")
            throw fail(n[key] ?? n, "'stages.voxelgraph.\(key)' \(e.detail)")
        }
        if let m = n["maps"], !m.items.isEmpty {
            x.maps = try m.items.map { item in
                guard let w = item.scalar, let v = VoxelMapStat.parse(w) else {
                    throw fail(item, "'\(item.scalar ?? "")' is not one of \(VoxelMapStat.choices.names.joined(separator: ", "))")
                }
                return v
            }
        }
        return x
    }

    static func parseSeedMap(_ n: ConfigNode, file: String, resolve: (String) -> String) throws -> SeedMapStage {
        func fail(_ node: ConfigNode, _ m: String) -> ConfigError { ConfigError(file: file, position: node.position, message: m) }
        var x = SeedMapStage()
        x.mask = n["mask"]?.scalar.map(resolve)
        let items = n["seeds"]?.items ?? []
        guard !items.isEmpty else { throw fail(n, "stage 'seedmap' needs at least one seed in 'seeds'") }
        for item in items {
            let name = item["name"]?.scalar ?? ""
            guard BIDSLabel.isValid(name) else { throw fail(item["name"] ?? item, "seed name '\(name)' is not a BIDS label (letters and digits only); it ends up in desc-<name>") }
            guard !x.seeds.contains(where: { $0.name == name }) else { throw fail(item["name"] ?? item, "two seeds are named '\(name)'") }
            let given = ["coords", "mask", "atlas"].filter { item[$0] != nil }
            guard given.count == 1 else {
                throw fail(item, "seed '\(name)' needs exactly one of 'coords' (with 'radius'), 'mask', or 'atlas' (with 'label'); got \(given.isEmpty ? "none" : given.joined(separator: ", "))")
            }
            let region: SeedRegion
            if let c = item["coords"] {
                let v = c.items.compactMap { $0.scalar.flatMap(Double.init) }
                guard v.count == 3, c.items.count == 3, v.allSatisfy(\.isFinite) else { throw fail(c, "seed '\(name)': 'coords' must be three numbers [x, y, z] (mm)") }
                guard let r = item["radius"]?.scalar.flatMap(Double.init) else { throw fail(item, "seed '\(name)': 'coords' needs 'radius' (mm; 0 takes the nearest voxel only)") }
                guard r.isFinite, r >= 0 else { throw fail(item["radius"] ?? item, "seed '\(name)': 'radius' must be a non-negative distance in mm") }
                region = .sphere(x: v[0], y: v[1], z: v[2], radius: r)
            } else if let m = item["mask"]?.scalar {
                region = .mask(path: resolve(m))
            } else {
                guard let l = item["label"]?.scalar.flatMap(Double.init) else { throw fail(item, "seed '\(name)': 'atlas' needs 'label' (the label's value in the atlas)") }
                region = .atlasLabel(path: resolve(item["atlas"]?.scalar ?? ""), label: l)
            }
            if item["radius"] != nil && item["coords"] == nil { throw fail(item["radius"] ?? item, "seed '\(name)': 'radius' goes with 'coords'") }
            if item["label"] != nil && item["atlas"] == nil { throw fail(item["label"] ?? item, "seed '\(name)': 'label' goes with 'atlas'") }
            x.seeds.append(Seed(name: name, region: region))
        }
        return x
    }
}
