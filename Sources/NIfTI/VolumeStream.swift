import CNIfTI

/// Reads the volumes of an image one after another from one open stream: the way to pass
/// over a 4D file holding only one volume (plus one raw buffer) in memory.
///
/// Memory follows the data, not the header: for a plain file the header's size was checked
/// against the file before opening; for a gzip file (whose true size is only known by
/// inflating it) the first volume is inflated into a buffer that grows as bytes arrive, so a
/// header claiming far more than the stream holds fails at the first shortfall, before anyone
/// has allocated a volume of the claimed size.
public final class VolumeStream {
    public let image: NIfTIImage
    private var stream: OpaquePointer?
    private let converter: RawConverter
    private let voxelsPerVolume: Int
    /// Raw bytes of the first volume, inflated ahead (gzip only), and how many are consumed.
    private var prefetched: [UInt8] = []
    private var prefetchedUsed = 0
    /// Scratch for raw bytes before conversion, grown to at most one volume.
    private var raw: [UInt8] = []
    /// Voxels read so far, counted from the start of the data (volume 0).
    private var voxelPosition: Int
    /// Index of the next volume to be read.
    public var nextVolume: Int { voxelPosition / voxelsPerVolume }

    init(image: NIfTIImage, startVolume: Int = 0) throws {
        try image.checkDataSize()
        self.image = image
        let h = image.header
        converter = RawConverter(header: h)
        voxelsPerVolume = h.voxelsPerVolume
        let bytesPerVolume = voxelsPerVolume * converter.bytesPerVoxel
        voxelPosition = startVolume * voxelsPerVolume
        var err = [CChar](repeating: 0, count: 512)
        let offset = Int64(h.dataOffset + startVolume * bytesPerVolume)
        guard let s = nr_stream_open(h.imagePath, offset, &err, err.count) else {
            let msg = String(cString: err)
            let kind: NIfTIError.Kind = msg.contains("gzip") ? .corruptCompression : (msg.contains("end early") ? .truncatedData : .cannotOpen)
            throw NIfTIError(path: image.path, kind: kind, detail: msg)
        }
        stream = s
        if image.isCompressed && startVolume < h.volumeCount { try prefetch(bytesPerVolume) }
    }

    deinit { if let s = stream { nr_stream_close(s) } }

    /// True while volumes remain.
    public var hasNext: Bool { nextVolume < image.header.volumeCount }

    /// Reads the next volume into `out` (length `voxelsPerVolume`), scaled, as float32.
    public func readNext(into out: UnsafeMutableBufferPointer<Float>) throws {
        try prepare(out.count)
        try readVoxels(into: out)
    }

    /// Reads the next volume into `out`, scaled, as float64.
    public func readNext(into out: UnsafeMutableBufferPointer<Double>) throws {
        try prepare(out.count)
        try readVoxels(into: out)
    }

    /// Reads the next `out.count` voxels (within the current volume or across volumes), scaled,
    /// in float64: for passes that need no whole volume (statistics), in bounded chunks.
    func readVoxels(into out: UnsafeMutableBufferPointer<Double>) throws {
        try convertNext(into: out)
    }

    func readVoxels(into out: UnsafeMutableBufferPointer<Float>) throws {
        if converter.isIdentityFloat32, let base = out.baseAddress {
            try readRaw(UnsafeMutableRawPointer(base), count: out.count * 4)
            voxelPosition += out.count
        } else {
            try convertNext(into: out)
        }
    }

    private func convertNext<T: BinaryFloatingPoint>(into out: UnsafeMutableBufferPointer<T>) throws {
        let bytes = out.count * converter.bytesPerVoxel
        if prefetchedUsed + bytes <= prefetched.count {
            // within the inflated first volume: convert from it directly
            let start = prefetchedUsed
            prefetched.withUnsafeBytes { r in converter.convertAny(UnsafeRawBufferPointer(rebasing: r[start..<(start + bytes)]), into: out) }
            prefetchedUsed += bytes
            voxelPosition += out.count
            return
        }
        if prefetchedUsed == prefetched.count && !prefetched.isEmpty {
            // the first volume is consumed: its buffer becomes the scratch (or is dropped)
            if raw.count < prefetched.count { swap(&raw, &prefetched) }
            prefetched = []; prefetchedUsed = 0
        }
        if raw.count < bytes {
            // at most one volume, whose bytes the first volume has shown to exist
            raw = [UInt8](repeating: 0, count: bytes)
        }
        try raw.withUnsafeMutableBytes { try readRaw($0.baseAddress!, count: bytes) }
        raw.withUnsafeBytes { r in
            let slice = UnsafeRawBufferPointer(rebasing: r[0..<bytes])
            converter.convertAny(slice, into: out)
        }
        voxelPosition += out.count
    }

    /// Reads the next volume as a new float32 array.
    public func next() throws -> [Float]? {
        guard hasNext else { return nil }
        var v = [Float](repeating: 0, count: image.header.voxelsPerVolume)
        try v.withUnsafeMutableBufferPointer { try readNext(into: $0) }
        return v
    }

    /// After the last volume: confirms a gzip stream ends cleanly (its CRC is checked), so a
    /// corrupt file is not accepted just because its data bytes were all present.
    public func finish() throws {
        guard let s = stream else { return }
        var err = [CChar](repeating: 0, count: 512)
        if nr_stream_verify_end(s, &err, err.count) != 0 {
            throw NIfTIError(path: image.path, kind: .corruptCompression, detail: String(cString: err))
        }
    }

    private func prepare(_ count: Int) throws {
        guard hasNext else {
            throw NIfTIError(path: image.path, kind: .wrongShape, detail: "no volume \(nextVolume): the image has \(image.header.volumeCount)")
        }
        guard count == voxelsPerVolume, voxelPosition % voxelsPerVolume == 0 else {
            throw NIfTIError(path: image.path, kind: .wrongShape,
                             detail: "a buffer of \(count) values for a volume of \(voxelsPerVolume) voxels")
        }
    }

    /// Inflates `count` bytes (the first volume) into `prefetched`, growing it as bytes arrive.
    private func prefetch(_ count: Int) throws {
        var chunk = 1 << 20
        while prefetched.count < count {
            let start = prefetched.count, want = Swift.min(chunk, count - start)
            prefetched.append(contentsOf: [UInt8](repeating: 0, count: want))
            try prefetched.withUnsafeMutableBytes { try readStream($0.baseAddress! + start, count: want) }
            chunk = Swift.min(chunk * 2, 64 << 20)
        }
    }

    /// Reads raw bytes: first what was prefetched, then from the stream.
    private func readRaw(_ p: UnsafeMutableRawPointer, count: Int) throws {
        var done = 0
        if prefetchedUsed < prefetched.count {
            done = Swift.min(count, prefetched.count - prefetchedUsed)
            prefetched.withUnsafeBytes { p.copyMemory(from: $0.baseAddress! + prefetchedUsed, byteCount: done) }
            prefetchedUsed += done
            if prefetchedUsed == prefetched.count && converter.isIdentityFloat32 { prefetched = []; prefetchedUsed = 0 }
        }
        if done < count { try readStream(p + done, count: count - done) }
    }

    private func readStream(_ p: UnsafeMutableRawPointer, count: Int) throws {
        guard let s = stream else { return }
        var err = [CChar](repeating: 0, count: 512)
        let got = nr_stream_read(s, p, Int64(count), &err, err.count)
        if got != Int64(count) {
            let msg = String(cString: err)
            let h = image.header
            let kind: NIfTIError.Kind = msg.contains("gzip") ? .corruptCompression : .truncatedData
            throw NIfTIError(path: image.path, kind: kind,
                             detail: "\(msg) (volume \(nextVolume) of \(h.volumeCount): header dimensions \(h.shape) need \(h.dataByteCount) data bytes)")
        }
    }
}
