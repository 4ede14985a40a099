import Foundation
import LinearAlgebra

/// Seed-to-voxel correlation maps: the Pearson correlation of the seed's cleaned mean series
/// with every cleaned voxel series, and its Fisher z.
///
/// nilearn's recipe (`plot_seed_to_voxel_correlation`) divides `brain' seed` by the number of
/// volumes, which is Pearson's r only when both were z-scored with ddof 0; we compute r itself
/// (centred, unit-norm series), whatever the standardisation. Fisher z is `arctanh(r)` with r
/// first clipped to [-1 + eps, 1 - eps] (eps = 2^-52), so a voxel identical to the seed gets a
/// finite z (about 18.7) instead of infinity.
public struct SeedCorrelation: Sendable {
    /// Per graph node of `series` (its `voxels` order).
    public let r: [Double]
    public let z: [Double]

    public init(series s: NormalizedVoxelSeries) throws {
        guard let seed = s.seedSeries else {
            throw VoxelGraphError(path: "seed", kind: .badInput, detail: "no seed series was prepared")
        }
        let t = s.length
        let mean = seed.reduce(0, +) / Double(t)
        var centred = seed.map { $0 - mean }
        let nrm = centred.reduce(0) { $0 + $1 * $1 }.squareRoot()
        for i in 0..<t { centred[i] /= nrm }
        var r = [Double](repeating: 0, count: s.count)
        if s.count > 0 && t > 0 {
            s.z.withUnsafeBufferPointer { zp in
                centred.withUnsafeBufferPointer { cp in
                    r.withUnsafeMutableBufferPointer { rp in
                        Double.gemv(false, Int32(s.count), Int32(t), 1, zp.baseAddress!, Int32(t), cp.baseAddress!, 0, rp.baseAddress!)
                    }
                }
            }
        }
        self.r = r
        self.z = r.map(Self.fisherZ)
    }

    /// arctanh of r clipped to [-1 + eps, 1 - eps].
    public static func fisherZ(_ r: Double) -> Double {
        let limit = 1 - Double.ulpOfOne
        return atanh(Swift.min(limit, Swift.max(-limit, r)))
    }
}
