import NIfTI

/// One streaming pass over a BOLD run that keeps only the voxels asked for: their float32
/// values (volumes x voxels, row-major) and whether each stayed finite, plus optionally the
/// float64 mean series of a second voxel set (a seed). One volume is held at a time besides
/// the kept values; the 4D array is never held.
struct BOLDVoxelReader {
    /// volumes x voxels, row-major.
    var values: [Float]
    /// Per voxel: some volume had NaN or infinity.
    var nonFinite: [Bool]
    /// The seed's mean over its voxels per volume (float64 sums of the float32 values, as
    /// `scipy.ndimage.mean` sums them), or nil without a seed.
    var seedMean: [Double]?
    /// Seed voxels with a non-finite value in some volume (counted as 0 in the mean, nilearn's
    /// default for non-finite data).
    var seedNonFinite = 0
    let volumes: Int

    init(image: NIfTIImage, voxels: [Int], seed: [Int]? = nil) throws {
        let h = image.header
        let shape = h.shape
        guard shape.count >= 4, shape.count == 4 || shape[4...].allSatisfy({ $0 == 1 }) else {
            throw VoxelGraphError(path: image.path, kind: .badInput,
                                  detail: "this is a \(shape.count)D image (shape \(shape)); a BOLD run must be 4D (x, y, z, time)")
        }
        let t = h.volumeCount, n = voxels.count
        let (total, overflow) = t.multipliedReportingOverflow(by: n)
        guard !overflow else {
            throw VoxelGraphError(path: image.path, kind: .badInput, detail: "\(t) volumes x \(n) voxels overflows")
        }
        // open (which checks the file can hold what the header claims) before allocating
        let stream = try image.volumes()
        volumes = t
        values = [Float](repeating: 0, count: total)
        nonFinite = [Bool](repeating: false, count: n)
        var seedBad = [Bool](repeating: false, count: seed?.count ?? 0)
        var means = seed.map { _ in [Double](repeating: 0, count: t) }
        var volume = [Float](repeating: 0, count: h.voxelsPerVolume)
        for v in 0..<t {
            try volume.withUnsafeMutableBufferPointer { try stream.readNext(into: $0) }
            let base = v * n
            for (c, idx) in voxels.enumerated() {
                let x = volume[idx]
                if !x.isFinite { nonFinite[c] = true }
                values[base + c] = x
            }
            if let s = seed {
                var sum = 0.0
                for (c, idx) in s.enumerated() {
                    let x = volume[idx]
                    if x.isFinite { sum += Double(x) } else { seedBad[c] = true }
                }
                means![v] = sum / Double(s.count)
            }
        }
        try stream.finish()
        seedMean = means
        seedNonFinite = seedBad.filter { $0 }.count
    }
}

extension BOLDVoxelReader {
    /// Linear indices of the voxels whose values change over time and stay finite: one
    /// streaming pass holding 6 bytes per voxel, so a run without a mask never has its whole
    /// grid of series in memory (outside the brain, values are constant, usually 0).
    static func varyingVoxels(_ image: NIfTIImage) throws -> [Int] {
        let n = image.header.voxelsPerVolume
        var first = [Float](repeating: 0, count: n)
        var varies = [Bool](repeating: false, count: n)
        var bad = [Bool](repeating: false, count: n)
        let stream = try image.volumes()
        var volume = [Float](repeating: 0, count: n)
        for t in 0..<image.header.volumeCount {
            try volume.withUnsafeMutableBufferPointer { try stream.readNext(into: $0) }
            for i in 0..<n {
                let x = volume[i]
                if !x.isFinite { bad[i] = true }
                if t == 0 { first[i] = x } else if x != first[i] { varies[i] = true }
            }
        }
        try stream.finish()
        return (0..<n).filter { varies[$0] && !bad[$0] }
    }
}
