import CNIfTI
import Foundation

/// An opened NIfTI file: its header, and access to its data one volume or one voxel time
/// series at a time, so that a 4D file is never held whole in memory unless asked for.
///
/// Reading follows nibabel: NIfTI-1 and NIfTI-2, `.nii`, `.nii.gz`, `.hdr`/`.img` pairs (also
/// gzipped), both byte orders, integer and float datatypes, `scl_slope`/`scl_inter` applied
/// as nibabel applies them. Header parsing is nifticlib's; the data are streamed by NeuroRep
/// (ISA-L's inflate for gzip, not zlib's), which reports a short or corrupt stream instead of zero-filling it.
public final class NIfTIImage: @unchecked Sendable {
    /// The path given to `open`.
    public let path: String
    /// The header as stored after nibabel's repairs (`applyNibabelRepairs`), with nibabel's
    /// derived quantities.
    public let header: NIfTIHeader
    /// nibabel's warnings about this header (each also sent to `NIfTIWarnings`, naming the file).
    public let warnings: [String]

    /// Opens a file and validates its header; no data are read yet. A symbolic link (or chain of
    /// links, as in DataLad / git-annex datasets) reads exactly as its target.
    public init(path: String) throws {
        self.path = path
        try FileTarget.requireReadable(path)
        var raw = nr_header()
        var err = [CChar](repeating: 0, count: 512)
        let rc = nr_read_header(path, &raw, &err, err.count)
        if rc != 0 {
            let msg = String(cString: err)
            switch rc {
            case 1: throw NIfTIError(path: path, kind: .cannotOpen, detail: msg)
            case 2: throw NIfTIError(path: path, kind: .notNIfTI, detail: msg)
            case 4: throw NIfTIError(path: path, kind: .corruptCompression, detail: msg)
            default: throw NIfTIError(path: path, kind: .invalidHeader, detail: msg)
            }
        }
        var h = NIfTIHeader(raw: raw)
        warnings = h.applyNibabelRepairs()
        header = h
        try validate()
        for w in warnings { NIfTIWarnings.emit("\(path): \(w)") }
    }

    /// Checks what nifticlib does not: a datatype we can read, sane dimensions, scaling that
    /// nibabel would accept, and (for uncompressed files) that the file holds the data.
    private func validate() throws {
        let h = header
        guard (1...7).contains(h.ndim) else {
            throw NIfTIError(path: path, kind: .invalidHeader, detail: "dim[0] = \(h.ndim) is not a number of dimensions between 1 and 7")
        }
        for (i, d) in h.shape.enumerated() where d < 1 {
            throw NIfTIError(path: path, kind: .invalidHeader, detail: "dim[\(i + 1)] = \(d): every dimension must be at least 1")
        }
        guard let dt = h.datatype else {
            throw NIfTIError(path: path, kind: .invalidHeader, detail: "datatype code \(h.datatypeCode) is not a NIfTI datatype")
        }
        guard dt.isReadableAsReal else {
            throw NIfTIError(path: path, kind: .unsupportedDatatype, detail: dt.unsupportedReason)
        }
        if h.bitpix != dt.bytesPerVoxel * 8 {
            // nibabel trusts the datatype, not bitpix; so do we, but the header is suspicious.
        }
        // The element count must not overflow, and must be believable for the file's size.
        var total = 1
        for d in h.shape {
            let (p, o) = total.multipliedReportingOverflow(by: d)
            guard !o, p <= (1 << 40) else {
                throw NIfTIError(path: path, kind: .invalidHeader, detail: "absurd dimensions \(h.shape): more than 2^40 voxels")
            }
            total = p
        }
        if h.version == 0 {
            // nibabel reads the orientation of an Analyze image from SPM's .mat file when there is one
            let base = h.imagePath.replacingOccurrences(of: ".gz", with: "")
            let mat = (base as NSString).deletingPathExtension + ".mat"
            if FileManager.default.fileExists(atPath: mat) {
                throw NIfTIError(path: path, kind: .invalidHeader,
                                 detail: "Analyze image with an SPM orientation file (\(mat)): reading .mat orientations is not supported; convert the image to NIfTI first")
            }
        }
        if h.sformCode <= 0 && h.qformCode > 0 {
            let q = h.quaternBCD
            let w2 = 1.0 - (q[0] * q[0] + q[1] * q[1] + q[2] * q[2])
            let threshold = h.version == 1 ? 3 * Double(Float.ulpOfOne) : 3 * Double.ulpOfOne
            if w2 < -threshold {
                throw NIfTIError(path: path, kind: .invalidHeader,
                                 detail: "qform quaternion (b, c, d) = \(q) has b^2 + c^2 + d^2 > 1, so the qform (the image's only affine) is undefined")
            }
        }
        // nibabel returns a non-finite affine without a word (a NaN or inf in srow, quatern,
        // qoffset or pixdim, whichever the affine is built from); every use of it (resampling,
        // world coordinates) would be meaningless, so it is refused. Fields the affine does not
        // use (an srow with sform_code 0, pixdim[4...]) are not judged.
        if let bad = h.affine.elements.firstIndex(where: { !$0.isFinite }) {
            throw NIfTIError(path: path, kind: .invalidHeader,
                             detail: "the affine (from \(h.affineSource)) has a non-finite entry (\(h.affine.elements[bad]) at row \(bad / 4), column \(bad % 4)): \(affineFieldsHint(h)) must be finite")
        }
        guard h.sclSlope == 0 || !h.sclSlope.isFinite || h.sclInter.isFinite else {
            throw NIfTIError(path: path, kind: .invalidHeader, detail: "valid scl_slope \(h.sclSlope) but invalid scl_inter \(h.sclInter)")
        }
    }

    /// Checks that the data file can hold the data the header describes, before anything is
    /// allocated for them. Called before any data are read (the header itself stays readable
    /// for a truncated file, as in nibabel). Sizes are those of the link targets.
    public func checkDataSize() throws {
        let h = header
        let needed = h.dataByteCount
        let size = try FileTarget.size(of: h.imagePath, reportAs: path)
        let (end, overflow) = h.dataOffset.addingReportingOverflow(needed)
        if isCompressed {
            // DEFLATE emits at most 1032 bytes per compressed byte (a 258-byte match coded in 2
            // bits), so a header claiming more than that is wrong whatever the gzip trailer says
            // (its length field is only the size mod 2^32).
            let (capacity, capOverflow) = size.multipliedReportingOverflow(by: 1032)
            if overflow || (!capOverflow && end > capacity) {
                throw NIfTIError(path: path, kind: .truncatedData,
                                 detail: "header dimensions \(h.shape) need \(needed) bytes of data from offset \(h.dataOffset), more than a \(size)-byte gzip file can hold (deflate expands at most 1032:1)")
            }
        } else if h.dataOffset >= size {
            throw NIfTIError(path: path, kind: .truncatedData,
                             detail: "vox_offset \(h.voxOffset) is beyond the end of the data file \(h.imagePath) (\(size) bytes): the data cannot start there")
        } else if overflow || end > size {
            throw NIfTIError(path: path, kind: .truncatedData,
                             detail: "header dimensions \(h.shape) (\(h.datatype?.numpyName ?? "code \(h.datatypeCode)")) need \(needed) bytes of data from offset \(h.dataOffset), but the file has only \(Swift.max(0, size - h.dataOffset)) (file truncated, or header wrong)")
        }
    }

    /// Confirms that the first volume's data are all there, without holding them: for a plain
    /// file the size check suffices; a gzip file (whose true length is only known by inflating
    /// it) is inflated through a 64 KB scratch up to the end of the first volume. Call it before
    /// sizing anything by the header's grid (a resampled atlas, per-voxel plans), so that memory
    /// follows the data, not the claim.
    public func requireFirstVolume() throws {
        try checkDataSize()
        guard isCompressed else { return }
        let h = header
        let bytes = Int64(h.voxelsPerVolume) * Int64(h.datatype?.bytesPerVoxel ?? 1)
        var err = [CChar](repeating: 0, count: 512)
        guard let s = nr_stream_open(h.imagePath, Int64(h.dataOffset), &err, err.count) else {
            let msg = String(cString: err)
            throw NIfTIError(path: path, kind: msg.contains("gzip") ? .corruptCompression : .truncatedData,
                             detail: "\(msg) (before the data of volume 0: vox_offset \(h.dataOffset))")
        }
        defer { nr_stream_close(s) }
        if nr_stream_skip(s, bytes, &err, err.count) != 0 {
            let msg = String(cString: err)
            throw NIfTIError(path: path, kind: msg.contains("gzip") ? .corruptCompression : .truncatedData,
                             detail: "\(msg) (volume 0 of \(h.volumeCount): header dimensions \(h.shape) need \(h.dataByteCount) data bytes)")
        }
    }

    /// Opens a file (the same as `init(path:)`).
    public static func open(_ path: String) throws -> NIfTIImage { try NIfTIImage(path: path) }

    /// True when the data file is gzip-compressed (judged from its first bytes).
    public var isCompressed: Bool {
        guard let fh = FileHandle(forReadingAtPath: header.imagePath) else { return false }
        defer { try? fh.close() }
        let magic = fh.readData(ofLength: 2)
        return magic.count == 2 && magic[magic.startIndex] == 0x1f && magic[magic.startIndex + 1] == 0x8b
    }

    /// A sequential reader of the volumes, from the first.
    public func volumes() throws -> VolumeStream { try VolumeStream(image: self) }

    /// Reads every value, scaled, into one float32 array in NIfTI order
    /// (`i + nx*(j + ny*(k + nz*t))`), as nibabel's `get_fdata(dtype=np.float32)`.
    public func readAllFloat() throws -> [Float] {
        try readAll(Float.self)
    }

    /// Reads every value, scaled, in float64 (for 3D images and statistics; avoid for 4D).
    public func readAllDouble() throws -> [Double] {
        try readAll(Double.self)
    }

    /// Reads all volumes in one pass straight into an uninitialised array: skipping the zero
    /// fill halves the page faults of a large read, the dominant cost for uncompressed files
    /// (whose size was checked against the header). A gzip file's array starts at a size its
    /// compressed bytes plausibly hold and grows only as volumes arrive.
    private func readAll<T: VolumeElement>(_: T.Type) throws -> [T] {
        let stream = try volumes()
        let perVolume = header.voxelsPerVolume
        let total = perVolume * header.volumeCount
        if isCompressed && header.volumeCount > 1 {
            let compressed = (try? FileTarget.size(of: header.imagePath, reportAs: path)) ?? 0
            let plausible = compressed.multipliedReportingOverflow(by: 16).partialValue / Swift.max(1, header.datatype?.bytesPerVoxel ?? 1)
            var out = [T]()
            out.reserveCapacity(Swift.min(total, Swift.max(perVolume, plausible)))
            var volume = [T](repeating: 0, count: perVolume)
            while stream.hasNext {
                try volume.withUnsafeMutableBufferPointer { try T.read(from: stream, into: $0) }
                out.append(contentsOf: volume)
            }
            try stream.finish()
            return out
        }
        let out = try [T](unsafeUninitializedCapacity: total) { buf, initialized in
            initialized = 0
            adviseHugePages(UnsafeMutableRawBufferPointer(buf))
            for t in 0..<header.volumeCount {
                let slice = UnsafeMutableBufferPointer(rebasing: buf[(t * perVolume)..<((t + 1) * perVolume)])
                try T.read(from: stream, into: slice)
                initialized = (t + 1) * perVolume
            }
        }
        try stream.finish()
        return out
    }

    /// Reads volume `t` (0-based), scaled, in float32. For gzip files this decompresses from
    /// the start; use `volumes()` to walk all volumes in one pass.
    public func readVolume(_ t: Int) throws -> [Float] {
        guard t >= 0 && t < header.volumeCount else {
            throw NIfTIError(path: path, kind: .wrongShape, detail: "volume \(t) requested, the image has \(header.volumeCount)")
        }
        let stream = try VolumeStream(image: self, startVolume: t)
        var v = [Float](repeating: 0, count: header.voxelsPerVolume)
        try v.withUnsafeMutableBufferPointer { try stream.readNext(into: $0) }
        // The last volume (a 3D mask's only one): the gzip stream must end cleanly there, as
        // after a streaming pass, or a file cut inside its CRC/size trailer reads as whole.
        if t == header.volumeCount - 1 { try stream.finish() }
        return v
    }

    /// The time series of the voxels with the given linear indices within a volume
    /// (`i + nx*(j + ny*k)`), in float64: result[v][t]. One pass over the data; only one
    /// volume is held at a time.
    public func timeSeries(voxels: [Int]) throws -> [[Double]] {
        let n = header.voxelsPerVolume
        for v in voxels where v < 0 || v >= n {
            throw NIfTIError(path: path, kind: .wrongShape, detail: "voxel index \(v) outside the volume of \(n) voxels")
        }
        let stream = try volumes()  // first: a gzip file's first volume must exist before anything is allocated
        var out = [[Double]](repeating: [Double](repeating: 0, count: header.volumeCount), count: voxels.count)
        var buf = [Double](repeating: 0, count: n)
        for t in 0..<header.volumeCount {
            try buf.withUnsafeMutableBufferPointer { try stream.readNext(into: $0) }
            for (k, v) in voxels.enumerated() { out[k][t] = buf[v] }
        }
        return out
    }

    /// The time series of one voxel (i, j, k), in float64.
    public func timeSeries(i: Int, j: Int, k: Int) throws -> [Double] {
        let (nx, ny, _) = header.spatialShape
        return try timeSeries(voxels: [i + nx * (j + ny * k)])[0]
    }
}

extension NIfTIHeader {
    init(raw r: nr_header) {
        var r = r
        func str<T>(_ t: inout T) -> String {
            withUnsafeBytes(of: &t) { p in
                let bytes = p.bindMemory(to: UInt8.self)
                let end = bytes.firstIndex(of: 0) ?? bytes.count
                return String(decoding: bytes[0..<end], as: UTF8.self)
            }
        }
        func arr<T, E>(_ t: T, _ n: Int, _: E.Type) -> [E] {
            withUnsafeBytes(of: t) { Array($0.bindMemory(to: E.self).prefix(n)) }
        }
        version = Int(r.version)
        sizeofHdr = Int(r.sizeof_hdr)
        magic = str(&r.magic)
        isBigEndian = r.big_endian != 0
        dim = arr(r.dim, 8, Int64.self).map { Int($0) }
        pixdim = arr(r.pixdim, 8, Double.self)
        datatypeCode = Int(r.datatype)
        bitpix = Int(r.bitpix)
        voxOffset = r.vox_offset
        sclSlope = r.scl_slope
        sclInter = r.scl_inter
        calMin = r.cal_min
        calMax = r.cal_max
        sliceDuration = r.slice_duration
        toffset = r.toffset
        sliceStart = Int(r.slice_start)
        sliceEnd = Int(r.slice_end)
        sliceCode = Int(r.slice_code)
        xyztUnits = Int(r.xyzt_units)
        intentCode = Int(r.intent_code)
        intentParameters = [r.intent_p1, r.intent_p2, r.intent_p3]
        intentName = str(&r.intent_name)
        descrip = str(&r.descrip)
        auxFile = str(&r.aux_file)
        qformCode = Int(r.qform_code)
        sformCode = Int(r.sform_code)
        quaternBCD = [r.quatern_b, r.quatern_c, r.quatern_d]
        qoffsetXYZ = [r.qoffset_x, r.qoffset_y, r.qoffset_z]
        srowX = arr(r.srow_x, 4, Double.self)
        srowY = arr(r.srow_y, 4, Double.self)
        srowZ = arr(r.srow_z, 4, Double.self)
        dimInfo = Int(r.dim_info)
        analyzeOrigin = arr(r.analyze_origin, 3, Int16.self).map { Int($0) }
        glmax = Int(r.glmax)
        glmin = Int(r.glmin)
        let codes = arr(r.ext_code, Int(r.n_extensions), Int32.self)
        let sizes = arr(r.ext_size, Int(r.n_extensions), Int32.self)
        extensions = zip(codes, sizes).map { (code: Int($0), size: Int($1)) }
        imagePath = str(&r.image_path)
        dataOffset = Int(r.data_offset)
    }
}

/// The header fields an affine is built from, for messages.
private func affineFieldsHint(_ h: NIfTIHeader) -> String {
    switch h.affineSource {
    case "sform": return "srow_x, srow_y, srow_z"
    case "qform": return "quatern_b/c/d, qoffset_x/y/z and pixdim[0...3]"
    default: return "pixdim[1...3]"
    }
}

/// Asks the kernel to back a large buffer with transparent huge pages (where THP is in
/// `madvise` mode, as on Debian): 512x fewer page faults when a whole image is read.
private func adviseHugePages(_ buf: UnsafeMutableRawBufferPointer) {
    let huge = 2 << 20
    guard let base = buf.baseAddress, buf.count >= 2 * huge else { return }
    let start = (Int(bitPattern: base) + huge - 1) & ~(huge - 1)
    let end = (Int(bitPattern: base) + buf.count) & ~(huge - 1)
    guard end > start, let p = UnsafeMutableRawPointer(bitPattern: start) else { return }
    _ = madvise(p, end - start, 14)  // MADV_HUGEPAGE
}

/// Float and Double, the element types a volume can be read into.
protocol VolumeElement: BinaryFloatingPoint {
    static func read(from stream: VolumeStream, into buffer: UnsafeMutableBufferPointer<Self>) throws
}

extension Float: VolumeElement {
    static func read(from stream: VolumeStream, into buffer: UnsafeMutableBufferPointer<Float>) throws {
        try stream.readNext(into: buffer)
    }
}

extension Double: VolumeElement {
    static func read(from stream: VolumeStream, into buffer: UnsafeMutableBufferPointer<Double>) throws {
        try stream.readNext(into: buffer)
    }
}
