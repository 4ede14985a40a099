import NIfTI

/// The spatial grid of an image: its 3D shape and its voxel-to-world affine (nibabel's
/// `img.affine`). Two images are on the same grid when shapes are equal and the affines agree
/// within numpy's `allclose` defaults, which is when nilearn skips resampling
/// (`_resampling_not_needed`).
public struct VoxelGrid: Sendable, Equatable {
    public let nx: Int, ny: Int, nz: Int
    public let affine: Affine

    public init(nx: Int, ny: Int, nz: Int, affine: Affine) {
        self.nx = nx; self.ny = ny; self.nz = nz
        self.affine = affine
    }

    /// The grid of a NIfTI header (its first three dimensions).
    public init(header: NIfTIHeader) {
        let (x, y, z) = header.spatialShape
        self.init(nx: x, ny: y, nz: z, affine: header.affine)
    }

    public var shape: [Int] { [nx, ny, nz] }
    public var voxelCount: Int { nx * ny * nz }

    /// `np.allclose(a, b)` on the affines (rtol 1e-5, atol 1e-8) and equal shapes.
    public func isSame(as other: VoxelGrid) -> Bool {
        guard shape == other.shape else { return false }
        return zip(affine.elements, other.affine.elements).allSatisfy { a, b in
            abs(a - b) <= 1e-8 + 1e-5 * abs(b)
        }
    }

    /// Linear index of voxel (i, j, k) in NIfTI order (i fastest).
    @inlinable public func index(_ i: Int, _ j: Int, _ k: Int) -> Int { i + nx * (j + ny * k) }

    /// World-space bounding box of the voxel centres: (min, max) per axis.
    public var worldBounds: [(Double, Double)] {
        var lo = [Double](repeating: .infinity, count: 3), hi = [Double](repeating: -.infinity, count: 3)
        for i in [0, nx - 1] { for j in [0, ny - 1] { for k in [0, nz - 1] {
            let p = affine.apply((Double(i), Double(j), Double(k)))
            let c = [p.0, p.1, p.2]
            for a in 0..<3 { lo[a] = min(lo[a], c[a]); hi[a] = max(hi[a], c[a]) }
        } } }
        return (0..<3).map { (lo[$0], hi[$0]) }
    }

    /// A short description for messages: "30x36x30, 2x2x2 mm".
    public var summary: String {
        // formatted without a Double -> Int conversion: a header's srow can hold 3.4e38 (or make a
        // voxel size overflow to inf), which Int(_:) would trap on
        let z = affine.voxelSizes.map { v in v == v.rounded() && Swift.abs(v) < 1e15 ? String(format: "%.0f", v) : String(format: "%.3g", v) }
        return "\(nx)x\(ny)x\(nz), \(z.joined(separator: "x")) mm"
    }
}

/// A 3D image held in float64 with its grid: a label atlas, a mask, or one probabilistic map.
public struct Volume3D: Sendable {
    public let grid: VoxelGrid
    /// Values in NIfTI order (`i + nx*(j + ny*k)`), scaled as nibabel scales them.
    public var values: [Double]
    /// The file it came from (for messages), or a description.
    public let source: String

    public init(grid: VoxelGrid, values: [Double], source: String) {
        precondition(values.count == grid.voxelCount, "\(values.count) values for a grid of \(grid.voxelCount)")
        self.grid = grid; self.values = values; self.source = source
    }

    /// Reads a 3D image (a 4D image with one volume is accepted, as nilearn's `check_niimg_3d`
    /// does). Non-finite values become 0, as nilearn's `safe_get_data(ensure_finite=True)`.
    public static func read(path: String, role: String) throws -> Volume3D {
        let img = try NIfTIImage(path: path)
        let h = img.header
        guard h.shape.count <= 3 || h.shape[3...].allSatisfy({ $0 == 1 }) else {
            throw ROIExtractionError(path: path, kind: .wrongAtlasShape,
                                     detail: "the \(role) must be a 3D image, but its shape is \(h.shape)")
        }
        var values = try img.readAllDouble()
        for i in values.indices where !values[i].isFinite { values[i] = 0 }
        return Volume3D(grid: VoxelGrid(header: h), values: values, source: path)
    }
}
