import LinearAlgebra
/// Summary statistics of an image's scaled values, computed in one streaming pass in float64
/// (the same values nibabel's `get_fdata(dtype=float64)` gives). NaNs are counted and excluded.
public struct ImageStatistics: Sendable, Equatable {
    public var count: Int = 0
    public var nanCount: Int = 0
    public var nonzeroCount: Int = 0
    public var sum: Double = 0
    public var min: Double = .infinity
    public var max: Double = -.infinity
    /// Mean of the non-NaN values (NaN when there are none).
    public var mean: Double { count - nanCount > 0 ? sum / Double(count - nanCount) : .nan }

    public init() {}

    /// Adds values. Each call (one volume, or one chunk of a large volume) is summed in NumPy's pairwise order, so the result
    /// agrees with NumPy's sum to ~1e-15 relative.
    public mutating func add(_ values: UnsafeBufferPointer<Double>) {
        count += values.count
        var local: [Double] = []
        local.reserveCapacity(values.count)
        for v in values {
            if v.isNaN { nanCount += 1; continue }
            if v != 0 { nonzeroCount += 1 }
            if v < min { min = v }
            if v > max { max = v }
            local.append(v)
        }
        sum += NumPySummation.pairwiseSum(local)
    }
}

extension NIfTIImage {
    /// Voxels converted to float64 at a time by `statistics()`: 8 MB, so that the pass costs the
    /// same small memory for any image size (a 400 MB uint8 volume is not widened to 3.4 GB).
    static let statisticsChunk = 1 << 20

    /// Statistics of all scaled values, streamed in chunks of at most `statisticsChunk` voxels
    /// (each chunk summed in NumPy's pairwise order).
    public func statistics() throws -> ImageStatistics {
        var stats = ImageStatistics()
        let stream = try volumes()
        let perVolume = header.voxelsPerVolume
        var buf = [Double](repeating: 0, count: Swift.min(perVolume, Self.statisticsChunk))
        for _ in 0..<header.volumeCount {
            var left = perVolume
            while left > 0 {
                let n = Swift.min(left, buf.count)
                try buf.withUnsafeMutableBufferPointer { b in
                    let part = UnsafeMutableBufferPointer(rebasing: b[0..<n])
                    try stream.readVoxels(into: part)
                    stats.add(UnsafeBufferPointer(part))
                }
                left -= n
            }
        }
        try stream.finish()
        return stats
    }
}
