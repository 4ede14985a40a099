import FMRIWorkflow
import Foundation
import NIfTI
import ROIExtraction

/// Where a seed's voxels come from.
public enum SeedRegion: Sendable, Equatable {
    /// The non-zero voxels of a 3D image (resampled onto the BOLD grid by nearest neighbour,
    /// as `LabelsMasker` resamples atlases, when its grid differs).
    case mask(path: String)
    /// The voxels of one label of a 3D label atlas (resampled the same way).
    case atlasLabel(path: String, label: Double)
    /// nilearn `NiftiSpheresMasker` sphere (nilearn 0.14 `_apply_mask_and_get_affinity`,
    /// no mask): every voxel of the BOLD grid whose centre lies within `radius` mm of the MNI
    /// (world) coordinate (squared distance <= radius^2, scikit-learn's `radius_neighbors`),
    /// plus the voxel nearest to it (the world point mapped through the inverse affine and
    /// rounded half to even, `np.round`) when that voxel is inside the grid, even for radius 0,
    /// plus (nilearn's "voxel containing the seed") the first voxel in C order whose world
    /// coordinates truncated to integers equal the seed's truncated coordinates.
    case sphere(x: Double, y: Double, z: Double, radius: Double)

    /// A BIDS-safe label for `desc-<seed>`: the mask's `desc`/`label` entity or stem, the
    /// atlas name and label (`Schaefer100label7`), or the coordinates (`x0ym52z26r8`, `m` for
    /// minus and `p` for the decimal point).
    public var defaultName: String {
        switch self {
        case .mask(let path):
            let b = BIDSName(path: path)
            return BIDSName.label(from: b.value("desc") ?? b.value("label") ?? BIDSName.stem(of: path))
        case .atlasLabel(let path, let label):
            return BIDSName.atlasName(fromAtlasPath: path) + "label" + Self.number(label)
        case .sphere(let x, let y, let z, let r):
            return "x\(Self.number(x))y\(Self.number(y))z\(Self.number(z))r\(Self.number(r))"
        }
    }

    static func number(_ v: Double) -> String {
        let text = v == v.rounded() && Swift.abs(v) < 1e15 ? String(Int(v)) : String(v)
        return text.replacingOccurrences(of: "-", with: "m").replacingOccurrences(of: ".", with: "p")
    }

    /// The seed's voxels on `grid` (linear indices, ascending). Errors name the file or option.
    public func voxels(on grid: VoxelGrid) throws -> [Int] {
        switch self {
        case .mask(let path):
            let v = try NearestNeighbourResampling.resample(Volume3D.read(path: path, role: "seed mask"), onto: grid)
            let inside = v.values.indices.filter { v.values[$0] != 0 }
            guard !inside.isEmpty else {
                throw VoxelGraphError(path: path, kind: .emptyMask, detail: "the seed mask has no voxel inside on the BOLD grid (\(grid.summary))")
            }
            return inside
        case .atlasLabel(let path, let label):
            let v = try NearestNeighbourResampling.resample(Volume3D.read(path: path, role: "seed atlas"), onto: grid)
            let inside = v.values.indices.filter { v.values[$0] == label }
            guard !inside.isEmpty else {
                throw VoxelGraphError(path: path, kind: .emptyMask, detail: "label \(Self.number(label).replacingOccurrences(of: "m", with: "-").replacingOccurrences(of: "p", with: ".")) has no voxel on the BOLD grid (\(grid.summary))")
            }
            return inside
        case .sphere(let x, let y, let z, let radius):
            guard x.isFinite, y.isFinite, z.isFinite else {
                throw VoxelGraphError.parameter("--seed-coords", "coordinates must be finite numbers, got \(x),\(y),\(z)")
            }
            guard radius.isFinite, radius >= 0 else {
                throw VoxelGraphError.parameter("--radius", "must be a non-negative distance in mm, got \(radius)")
            }
            guard let inv = grid.affine.inverse else {
                throw VoxelGraphError.parameter("--seed-coords", "the BOLD affine \(grid.affine.rows) cannot be inverted")
            }
            var inside = Set<Int>()
            let p = inv.apply((x, y, z))
            let near = [p.0, p.1, p.2].map { $0.rounded(.toNearestOrEven) }
            if near[0] >= 0, near[1] >= 0, near[2] >= 0, near[0] < Double(grid.nx), near[1] < Double(grid.ny), near[2] < Double(grid.nz) {
                inside.insert(grid.index(Int(near[0]), Int(near[1]), Int(near[2])))
            }
            for k in 0..<grid.nz { for j in 0..<grid.ny { for i in 0..<grid.nx {
                let w = grid.affine.apply((Double(i), Double(j), Double(k)))
                let d2 = (w.0 - x) * (w.0 - x) + (w.1 - y) * (w.1 - y) + (w.2 - z) * (w.2 - z)
                if d2 <= radius * radius { inside.insert(grid.index(i, j, k)) }
            } } }
            // nilearn also adds the first voxel (in C order: i slowest) whose world coordinates,
            // truncated to integers, equal the seed's truncated coordinates.
            let seedInt = [x, y, z].map { $0.rounded(.towardZero) }
            search: for i in 0..<grid.nx { for j in 0..<grid.ny { for k in 0..<grid.nz {
                let w = grid.affine.apply((Double(i), Double(j), Double(k)))
                if w.0.rounded(.towardZero) == seedInt[0] && w.1.rounded(.towardZero) == seedInt[1] && w.2.rounded(.towardZero) == seedInt[2] {
                    inside.insert(grid.index(i, j, k)); break search
                }
            } } }
            guard !inside.isEmpty else {
                throw VoxelGraphError.parameter("--seed-coords", "the sphere of radius \(radius) mm around (\(x), \(y), \(z)) holds no voxel of the BOLD grid (\(grid.summary)); check the coordinates are in the BOLD image's world space")
            }
            return inside.sorted()
        }
    }
}
