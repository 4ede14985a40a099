import Foundation
import NIfTI

/// The in-mask voxels of one BOLD run as float32, frames x voxels (row-major: frame t holds
/// every masked voxel), read volume by volume: the same layout and precision as nilearn's
/// masked `Y`, and never a float64 copy of the run.
public struct MaskedRun: Sendable {
    public let path: String
    public let volumes: Int
    public let voxels: Int
    /// `volumes * voxels` values; frame t starts at `t * voxels`.
    public let data: [Float]
    /// The header's TR (seconds), if it has one.
    public let headerTR: Double?
    /// In-mask voxels whose value is the same in every volume (as read; 0 for a run restricted
    /// to some frames). Their effect, t and z are 0 and p 0.5, as nilearn writes them: numbers
    /// that look like results, so `GLMWorkflow` warns about them, and refuses a run where
    /// every in-mask voxel is constant.
    public var constantVoxels = 0

    /// Reads `path` keeping the voxels at `maskIndices` (flat indices into one volume, NIfTI
    /// order). Non-finite values are an error naming the volume and voxel.
    public static func read(_ path: String, mask: VoxelMask) throws -> MaskedRun {
        let image = try NIfTIImage.open(path)
        let h = image.header
        guard h.ndim >= 4 || h.volumeCount > 1 else {
            throw GLMError.badInput(path: path, detail: "a BOLD run must be 4D; this image has shape \(h.shape)")
        }
        let (x, y, z) = h.spatialShape
        guard [x, y, z] == mask.shape else {
            throw GLMError.badInput(path: path, detail: "the run's grid \(x)x\(y)x\(z) differs from the grid \(mask.shape.map(String.init).joined(separator: "x")) of \(mask.sourceDescription)")
        }
        let maxAffineDifference = zip(h.affine.elements, mask.affine.elements).map { abs($0 - $1) }.max() ?? 0
        guard maxAffineDifference <= 1e-4 else {
            throw GLMError.badInput(path: path, detail: "the run's affine differs from that of \(mask.sourceDescription) (by up to \(maxAffineDifference)); "
                                    + (mask.source == nil ? "every run must lie on the first run's grid" : "resample the mask to the BOLD grid first"))
        }
        let n = h.volumeCount
        let v = mask.indices.count
        let (total, overflow) = n.multipliedReportingOverflow(by: v)
        guard !overflow else { throw GLMError.badInput(path: path, detail: "too many values (\(n) volumes x \(v) voxels)") }
        let stream = try image.volumes()
        let indices = mask.indices
        // The stream inflates the next volumes on its own thread while this one picks out
        // the masked voxels (`VolumeReadAhead`). The array is not zero-filled first: every
        // element is written once, volume by volume (its pages are first touched here, beside
        // the inflating thread, instead of by a memset before reading starts).
        let data = try [Float](unsafeUninitializedCapacity: total) { out, initialized in
            initialized = 0
            try indices.withUnsafeBufferPointer { idx in
                guard let start = out.baseAddress else { return }
                try VolumeReadAhead(stream: stream, count: n, voxels: h.voxelsPerVolume).forEach { t, volume in
                    let base = start + t * v
                    var finite = true
                    for k in 0..<v { let value = volume[idx[k]]; base[k] = value; finite = finite && value.isFinite }
                    guard finite else {
                        let k = (0..<v).first { !base[$0].isFinite } ?? 0
                        let value = base[k], flat = idx[k]
                        let i = flat % x, j = (flat / x) % y, kk = flat / (x * y)
                        throw GLMError.badInput(path: path, detail: "volume \(t) has a non-finite value (\(value)) at voxel (\(i), \(j), \(kk)) inside the mask; remove or mask such voxels before the GLM")
                    }
                }
            }
            initialized = total
        }
        try stream.finish()
        return MaskedRun(path: path, volumes: n, voxels: v, data: data, headerTR: h.trSeconds,
                         constantVoxels: constantCount(data, volumes: n, voxels: v))
    }

    /// The voxels whose value is the same in every volume. Candidates are dropped as soon as a
    /// volume differs, so a real run costs about one pass over its second volume, outside the
    /// read loop that runs beside the inflating thread.
    static func constantCount(_ data: [Float], volumes n: Int, voxels v: Int) -> Int {
        var candidates = Array(0..<v)
        var t = 1
        while t < n && !candidates.isEmpty {
            let base = t * v
            candidates.removeAll { data[base + $0] != data[$0] }
            t += 1
        }
        return candidates.count
    }
}

/// Which voxels of a grid enter the GLM, with the grid's affine. The voxels are listed in
/// nilearn's masker order (numpy `data[mask]`: i slowest, k fastest), so masked vectors line
/// up with nilearn's and sums over voxels run in its order.
public struct VoxelMask: Sendable, Equatable {
    public var shape: [Int]
    public var affine: Affine
    /// Flat NIfTI indices `i + nx * (j + ny * k)` of the voxels inside, in nilearn's order.
    public var indices: [Int]
    /// The mask file, or nil for a mask made from the runs (`nonConstant`, the first run's grid):
    /// a grid mismatch names it, so the user knows which of the two files to resample.
    public var source: String? = nil

    /// The mask file, or where the voxels came from, for error messages.
    public var sourceDescription: String { source.map { "the mask \($0)" } ?? "the mask made from the first run's varying voxels (no --mask)" }

    /// The flat indices of the voxels where `inside` holds, in nilearn's order.
    static func nilearnOrder(shape: [Int], _ inside: (Int) -> Bool) -> [Int] {
        var out: [Int] = []
        for i in 0..<shape[0] { for j in 0..<shape[1] { for k in 0..<shape[2] {
            let idx = i + shape[0] * (j + shape[1] * k)
            if inside(idx) { out.append(idx) }
        } } }
        return out
    }

    public init(shape: [Int], affine: Affine, indices: [Int]) {
        self.shape = shape; self.affine = affine; self.indices = indices
    }

    /// A mask image: non-zero voxels are inside.
    public static func read(_ path: String) throws -> VoxelMask {
        let image = try NIfTIImage.open(path)
        let h = image.header
        guard h.volumeCount == 1 else { throw GLMError.badInput(path: path, detail: "a mask must be 3D; this image has \(h.volumeCount) volumes") }
        let values = try image.readVolume(0)
        let (x, y, z) = h.spatialShape
        let idx = nilearnOrder(shape: [x, y, z]) { values[$0] != 0 && !values[$0].isNaN }
        guard !idx.isEmpty else { throw GLMError.badInput(path: path, detail: "the mask has no non-zero voxel") }
        var mask = VoxelMask(shape: [x, y, z], affine: h.affine, indices: idx)
        mask.source = path
        return mask
    }

    /// Without a mask: every voxel whose time series is not constant in every given run
    /// (nilearn would compute an EPI mask instead; see the module README).
    public static func nonConstant(runs paths: [String]) throws -> VoxelMask {
        var keep: [Bool]? = nil
        var shape: [Int] = []
        var affine = Affine.identity
        for p in paths {
            let image = try NIfTIImage.open(p)
            let h = image.header
            let (x, y, z) = h.spatialShape
            if keep == nil { shape = [x, y, z]; affine = h.affine; keep = [Bool](repeating: false, count: x * y * z) }
            guard [x, y, z] == shape else { throw GLMError.badInput(path: p, detail: "grid \(x)x\(y)x\(z) differs from the first run's \(shape)") }
            let stream = try image.volumes()
            var first = [Float](repeating: 0, count: h.voxelsPerVolume)
            var vol = first
            try first.withUnsafeMutableBufferPointer { try stream.readNext(into: $0) }
            var varies = [Bool](repeating: false, count: first.count)
            while stream.hasNext {
                try vol.withUnsafeMutableBufferPointer { try stream.readNext(into: $0) }
                for i in vol.indices where vol[i] != first[i] { varies[i] = true }
            }
            try stream.finish()
            for i in varies.indices where varies[i] { keep![i] = true }
        }
        let k = keep ?? []
        let idx = k.isEmpty ? [] : nilearnOrder(shape: shape) { k[$0] }
        guard !idx.isEmpty else { throw GLMError.badInput(path: paths.first ?? "", detail: "no voxel varies over time; give --mask") }
        return VoxelMask(shape: shape, affine: affine, indices: idx)
    }
}
