/// A NIfTI-1 or NIfTI-2 header, with every field as stored in the file (NIfTI-1's 16-bit and
/// 32-bit float fields widened exactly to Int/Double), plus the quantities derived from it the
/// way nibabel derives them: shape, affine, effective scaling, TR in seconds.
public struct NIfTIHeader: Sendable, Equatable {
    /// 1 or 2 (from `sizeof_hdr`, 348 or 540, and the magic; not from nifticlib's `nifti_type`);
    /// 0 for an Analyze 7.5 header (no NIfTI magic), read as nibabel's `Spm2AnalyzeImage`.
    public var version: Int
    public var sizeofHdr: Int
    public var magic: String
    public var isBigEndian: Bool
    /// All 8 entries as stored: `dim[0]` is the number of dimensions.
    public var dim: [Int]
    /// All 8 entries as stored, after nibabel's repairs (zero spatial sizes set to 1, negative
    /// ones to their absolute value, a qfac other than -1/1 set to 1; see
    /// `applyNibabelRepairs`): `pixdim[0]` is qfac.
    public var pixdim: [Double]
    public var datatypeCode: Int
    public var bitpix: Int
    public var voxOffset: Double
    public var sclSlope: Double
    public var sclInter: Double
    public var calMin: Double
    public var calMax: Double
    public var sliceDuration: Double
    public var toffset: Double
    public var sliceStart: Int
    public var sliceEnd: Int
    public var sliceCode: Int
    public var xyztUnits: Int
    public var intentCode: Int
    public var intentParameters: [Double]
    public var intentName: String
    /// The description up to its first NUL byte, as C and nibabel's `.item()` read it.
    public var descrip: String
    public var auxFile: String
    /// As stored, or 0 when outside nibabel's valid codes 0...5 (nibabel resets it, warning).
    public var qformCode: Int
    public var sformCode: Int
    public var quaternBCD: [Double]
    public var qoffsetXYZ: [Double]
    public var srowX: [Double]
    public var srowY: [Double]
    public var srowZ: [Double]
    public var dimInfo: Int
    /// Analyze only: SPM's origin field (1-based voxel of the world origin; all 0 when unset).
    public var analyzeOrigin: [Int]
    /// Analyze only: the `glmax`/`glmin` fields SPM2 scaling may use.
    public var glmax: Int
    public var glmin: Int
    /// Extension codes and on-disk sizes (including each extension's 8-byte header).
    public var extensions: [(code: Int, size: Int)]
    /// The file holding the data (same as the header file except for .hdr/.img pairs).
    public var imagePath: String
    /// Byte offset of the data in `imagePath`.
    public var dataOffset: Int

    public static func == (a: NIfTIHeader, b: NIfTIHeader) -> Bool {
        a.version == b.version && a.dim == b.dim && a.pixdim == b.pixdim && a.datatypeCode == b.datatypeCode
            && a.affine == b.affine && a.sclSlope.bitPattern == b.sclSlope.bitPattern
            && a.sclInter.bitPattern == b.sclInter.bitPattern && a.imagePath == b.imagePath
            && a.dataOffset == b.dataOffset
    }

    /// The datatype, or nil for a code outside nifti1.h.
    public var datatype: NIfTIDatatype? { NIfTIDatatype(rawValue: Int32(datatypeCode)) }

    /// Number of dimensions (`dim[0]`).
    public var ndim: Int { dim[0] }

    /// The array shape nibabel reports: `dim[1...dim[0]]`.
    public var shape: [Int] { Array(dim[1...Swift.max(1, Swift.min(7, ndim))]) }

    /// Grid size along i, j, k (1 for absent dimensions).
    public var spatialShape: (Int, Int, Int) {
        let s = shape
        return (s[0], s.count > 1 ? s[1] : 1, s.count > 2 ? s[2] : 1)
    }

    /// Voxels in one 3D volume.
    public var voxelsPerVolume: Int { let (x, y, z) = spatialShape; return x * y * z }

    /// Number of 3D volumes (product of dims 4 and up; 1 for a 3D image).
    public var volumeCount: Int { shape.count > 3 ? shape[3...].reduce(1, *) : 1 }

    /// The `(slope, intercept)` nibabel applies: the stored values, or (1, 0) when the stored
    /// slope is 0 or not finite (nibabel's "no scaling").
    public var effectiveScaling: (slope: Double, intercept: Double) {
        if version == 0 { return spm2Scaling }
        if sclSlope == 0 || !sclSlope.isFinite { return (1, 0) }
        return (sclSlope, sclInter)
    }

    /// SPM2's Analyze scaling (nibabel `Spm2AnalyzeHeader.get_slope_inter`): `funused1` (the
    /// NIfTI `scl_slope` bytes) when finite and nonzero, with `funused2` as intercept (0 when not
    /// finite); else (cal_max - cal_min) / (glmax - glmin) with intercept cal_min - slope glmin
    /// when both ranges are nonzero; else no scaling.
    var spm2Scaling: (slope: Double, intercept: Double) {
        if sclSlope.isFinite && sclSlope != 0 { return (sclSlope, sclInter.isFinite ? sclInter : 0) }
        let unscaled = Double(glmax - glmin), scaled = calMax - calMin
        if unscaled != 0 && scaled != 0 {
            let slope = scaled / unscaled
            return (slope, calMin - slope * Double(glmin))
        }
        return (1, 0)
    }

    /// True when data values must be scaled.
    public var hasScaling: Bool { let s = effectiveScaling; return s.slope != 1 || s.intercept != 0 }

    /// Spatial unit code (`xyzt_units & 0x07`) and temporal unit code (`xyzt_units & 0x38`).
    public var spaceUnitCode: Int { xyztUnits & 0x07 }
    public var timeUnitCode: Int { xyztUnits & 0x38 }

    /// The spatial unit's name as nibabel reports it ("unknown", "meter", "mm", "micron").
    public var spaceUnitName: String {
        switch spaceUnitCode { case 1: return "meter"; case 2: return "mm"; case 3: return "micron"; default: return "unknown" }
    }

    /// The temporal unit's name as nibabel reports it.
    public var timeUnitName: String {
        switch timeUnitCode {
        case 8: return "sec"; case 16: return "msec"; case 24: return "usec"; case 32: return "hz"
        case 40: return "ppm"; case 48: return "rads"; default: return "unknown"
        }
    }

    /// Repetition time in seconds: `pixdim[4]` times the time unit's factor (seconds when the
    /// unit is unknown, as nilearn assumes). nil for images with fewer than 4 dimensions or a
    /// non-time unit (Hz, ppm, rad/s). The value is what the header says, even when it looks
    /// implausible (a TR of 2000 "sec" is reported as 2000; see `trLooksLikeMilliseconds`).
    public var trSeconds: Double? {
        guard ndim >= 4 else { return nil }
        switch timeUnitCode {
        case 0, 8: return pixdim[4]
        case 16: return pixdim[4] / 1000
        case 24: return pixdim[4] / 1_000_000
        default: return nil
        }
    }

    /// True when the TR is stated in seconds but is over 100, which almost always means the
    /// writer stored milliseconds. Callers warn; they do not silently rescale.
    public var trLooksLikeMilliseconds: Bool { let t = trSeconds ?? 0; return t > 100 && t.isFinite }

    /// The header's TR as the default of signal cleaning, with the warning a caller prints (`path`
    /// names the image). A TR that is zero, negative or not finite (unset headers store 0; damaged
    /// ones NaN or inf) is no TR: nil, so cleaning treats it as unknown, as nilearn's maskers do
    /// without `t_r`, and asks for `--t-r` only when a filter needs one. One rule for every reader
    /// of BOLD headers (ROI and voxel series alike).
    public func repetitionTimeForCleaning(path: String) -> (seconds: Double?, warning: String?) {
        guard let tr = trSeconds else { return (nil, nil) }
        guard tr > 0, tr.isFinite else {
            return (nil, "\(path): the header TR (pixdim[4]) is \(tr), not a repetition time; treated as unknown (give --t-r to filter)")
        }
        return (tr, trLooksLikeMilliseconds ? "\(path): the header TR is \(tr) s, probably milliseconds; give --t-r" : nil)
    }

    /// The sform as a 4x4 matrix (rows srow_x, srow_y, srow_z, [0 0 0 1]).
    public var sform: Affine { Affine(rows: [srowX, srowY, srowZ, [0, 0, 0, 1]]) }

    /// qfac as nibabel reads it: `pixdim[0]` when it is -1 or 1; any other value is taken as 1
    /// (nibabel's header check `_chk_qfac` resets it to 1 on load).
    public var qfac: Double { pixdim[0] == -1 ? -1 : 1 }

    /// The qform decoded from the quaternion as nibabel 5.4 does (`get_qform`, `fillpositive`):
    /// w2 = 1 - (b^2 + c^2 + d^2); a = 0 when |w2| is below 3 eps of the stored precision
    /// (float32 for NIfTI-1, float64 for NIfTI-2), else sqrt(w2). nifticlib differs for NIfTI-2
    /// headers whose w2 is a tiny positive number (it sets a = 0 below 1e-7 and renormalises
    /// b, c, d), by up to 1.4e-4 on nibabel's example file; NeuroRep follows nibabel.
    public var qform: Affine {
        Affine.fromQuaternion(b: quaternBCD[0], c: quaternBCD[1], d: quaternBCD[2],
                              offset: qoffsetXYZ, zooms: [pixdim[1], pixdim[2], pixdim[3]], qfac: qfac,
                              storedInSinglePrecision: version == 1)
    }

    /// nibabel's fallback affine when neither form is set (`get_base_affine`): diagonal zooms with
    /// x flipped, origin at the grid centre.
    public var baseAffine: Affine {
        let n = Swift.max(1, Swift.min(ndim, 7))
        var shp = dim[1...n].map { Double($0) }
        var zooms = Array(pixdim[1...n])
        while shp.count < 3 { shp.append(1); zooms.append(1) }
        shp = Array(shp[0..<3]); zooms = Array(zooms[0..<3])
        zooms[0] *= -1
        var m = Affine.identity
        for i in 0..<3 {
            m[i, i] = zooms[i]
            m[i, 3] = -((shp[i] - 1) / 2) * zooms[i]
        }
        return m
    }

    /// SPM's origin affine for Analyze (nibabel `Spm99AnalyzeHeader.get_origin_affine`): zooms
    /// with x flipped, translation from the origin field when it is set and inside
    /// (-dim, 2 dim), else from the grid centre.
    public var analyzeOriginAffine: Affine {
        var zooms = [pixdim[1], pixdim[2], pixdim[3]]
        zooms[0] *= -1
        let dims = [dim[1], dim[2], dim[3]].map { Double($0) }
        let o = analyzeOrigin.map { Double($0) }
        let useOrigin = o.contains { $0 != 0 } && zip(o, dims).allSatisfy { $0 > -$1 && $0 < 2 * $1 }
        let origin = useOrigin ? o.map { $0 - 1 } : dims.map { ($0 - 1) / 2 }
        var m = Affine.identity
        for i in 0..<3 { m[i, i] = zooms[i]; m[i, 3] = -origin[i] * zooms[i] }
        return m
    }

    /// The affine nibabel's `img.affine` gives: sform when its code > 0, else qform when its
    /// code > 0, else the pixdim fallback; for Analyze files, SPM's origin affine.
    public var affine: Affine {
        if version == 0 { return analyzeOriginAffine }
        if sformCode > 0 { return sform }
        if qformCode > 0 { return qform }
        return baseAffine
    }

    /// Which of the three the affine came from.
    public var affineSource: String {
        version == 0 ? "analyze-origin" : (sformCode > 0 ? "sform" : (qformCode > 0 ? "qform" : "pixdim"))
    }

    /// Bytes of data the header's dimensions require.
    public var dataByteCount: Int {
        let bpv = datatype?.bytesPerVoxel ?? Swift.max(1, bitpix / 8)
        return shape.reduce(1, *) * bpv
    }
}
