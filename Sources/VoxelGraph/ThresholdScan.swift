import CLapack

/// The threshold rules' scan of one float32 product block (`VoxelGraphBuilder`): 16 values at a
/// time are compared with the float32 bound (t - margin, `singlePrecisionMargin`) in SIMD
/// registers, and only the lanes above it (about 1% of the pairs at r > 0.5 on a whole brain)
/// are looked at one by one: each such candidate's r is recomputed in float64 from the
/// float64 rows (`cblas_ddot`) and the pair is an edge when that r passes (r > t, or |r| > t)
/// and the voxels are not within the exclusion radius. Every pair is decided once, on its
/// float64 value, exactly as a float64 scan would decide it.
struct ThresholdScan {
    /// The float64 rows (nodes x `length`).
    let z: UnsafePointer<Double>
    let length: Int
    let threshold: Double
    /// The float32 filter's bound, at or below threshold - margin.
    let bound: Float
    let absolute: Bool
    let radius2: Double?
    /// x, y, z in mm per node.
    let coordinates: UnsafePointer<Double>

    func scan(_ block: BlockedCorrelation.Block<Float>, into edges: UnsafeMutablePointer<[Edge]>) {
        let width = block.columns.count
        let j0 = block.columns.lowerBound
        let upper = SIMD16<Float>(repeating: bound), lower = SIMD16<Float>(repeating: -bound)
        for r in 0..<block.rows.count {
            let a = block.rows.lowerBound + r
            let row = block.values + r * width
            var k = block.isDiagonal ? r + 1 : 0
            while k + 16 <= width {
                let v = UnsafeRawPointer(row + k).loadUnaligned(as: SIMD16<Float>.self)
                let pass = absolute ? ((v .> upper) .| (v .< lower)) : (v .> upper)
                if any(pass) {
                    for lane in 0..<16 where pass[lane] { decide(a, j0 + k + lane, into: edges) }
                }
                k += 16
            }
            while k < width {
                let v = row[k]
                if v > bound || (absolute && v < -bound) { decide(a, j0 + k, into: edges) }
                k += 1
            }
        }
    }

    /// The float64 decision of a candidate pair a < b.
    @inline(__always) func decide(_ a: Int, _ b: Int, into edges: UnsafeMutablePointer<[Edge]>) {
        let r = cblas_ddot(Int32(length), z + a * length, 1, z + b * length, 1)
        guard (absolute ? Swift.abs(r) : r) > threshold else { return }
        if let r2 = radius2 {
            let dx = coordinates[3 * a] - coordinates[3 * b], dy = coordinates[3 * a + 1] - coordinates[3 * b + 1]
            let dz = coordinates[3 * a + 2] - coordinates[3 * b + 2]
            if dx * dx + dy * dy + dz * dz < r2 { return }
        }
        edges.pointee.append(Edge(a: Int32(a), b: Int32(b), r: r))
    }
}
