import NIfTI
import ROIExtraction

/// The in-mask voxels of a BOLD grid: their linear indices (NIfTI order, ascending, so graph
/// node k is the k-th in-mask voxel in `i + nx*(j + ny*k)` order) and their world coordinates
/// in mm (from the grid's affine), used by `--exclude-radius`.
public struct VoxelMask: Sendable {
    public let grid: VoxelGrid
    /// Linear indices of the in-mask voxels, ascending.
    public let indices: [Int]
    /// Where the mask came from (a file, or a description).
    public let source: String

    public init(grid: VoxelGrid, indices: [Int], source: String) {
        self.grid = grid; self.indices = indices; self.source = source
    }

    /// Reads a 3D mask (non-zero = inside) that must lie on `grid` (shape equal and affine
    /// within numpy's `allclose`): a mask on another grid is an error, not resampled, since a
    /// voxel graph's nodes are the BOLD voxels themselves.
    public static func read(path: String, on grid: VoxelGrid, boldPath: String) throws -> VoxelMask {
        let volume = try Volume3D.read(path: path, role: "mask")
        guard volume.grid.isSame(as: grid) else {
            throw VoxelGraphError(path: path, kind: .gridMismatch,
                                  detail: "the mask's grid (\(volume.grid.summary), affine \(volume.grid.affine.rows)) differs from the BOLD run \(boldPath) (\(grid.summary), affine \(grid.affine.rows)); resample the mask onto the BOLD grid first")
        }
        let inside = volume.values.indices.filter { volume.values[$0] != 0 }
        guard !inside.isEmpty else {
            throw VoxelGraphError(path: path, kind: .emptyMask, detail: "the mask has no voxel inside (every value is 0)")
        }
        return VoxelMask(grid: grid, indices: inside, source: path)
    }

    /// World coordinates (x, y, z in mm) of voxel `linear` (affine applied to its i, j, k).
    public func worldCoordinates(ofLinearIndex linear: Int) -> (Double, Double, Double) {
        let i = linear % grid.nx, j = (linear / grid.nx) % grid.ny, k = linear / (grid.nx * grid.ny)
        return grid.affine.apply((Double(i), Double(j), Double(k)))
    }

    /// x, y, z (mm) of the given linear indices, flattened: 3 values per voxel.
    public func coordinates(of linear: [Int]) -> [Double] {
        var out = [Double]()
        out.reserveCapacity(3 * linear.count)
        for v in linear { let p = worldCoordinates(ofLinearIndex: v); out += [p.0, p.1, p.2] }
        return out
    }
}
