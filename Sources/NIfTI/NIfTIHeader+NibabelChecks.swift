/// nibabel's header checks (`Nifti1Header._get_checks`, run by `check_fix` on every load), the
/// ones it repairs rather than refuses. nibabel logs each repair at its problem level and shows
/// those at level 30 and above as warnings; the silent ones (level < 30) are repaired silently
/// here too. The refusals (magic, vox_offset, datatype; level >= 40) are in `nr_read_header` and
/// `NIfTIImage.validate`.
extension NIfTIHeader {
    /// nibabel's valid `qform_code`/`sform_code` values (`nifti1.xform_codes`: unknown, scanner,
    /// aligned, talairach, mni, template).
    static let validXformCodes = 0...5

    /// Applies nibabel's repairs to the stored fields and returns its warnings (nibabel's own
    /// words), in the order nibabel checks:
    /// * `pixdim[1...3]` zero: set to 1 ("should be non-zero"; level 30); negative: absolute value
    ///   ("should be positive"; level 35). The qform and the pixdim fallback use the repaired zooms.
    /// * `pixdim[0]` (qfac) other than -1 or 1: set to 1 (level 20, silent).
    /// * `vox_offset` not a multiple of 16: kept, with nibabel's warning (level 30).
    /// * `qform_code`/`sform_code` outside 0...5: set to 0 (level 30), so `affine` is then the one
    ///   nibabel's `img.affine` gives.
    mutating func applyNibabelRepairs() -> [String] {
        var warnings: [String] = []
        let spatial = pixdim[1...3]
        if spatial.contains(where: { $0 <= 0 }) {
            var problems: [String] = [], fixes: [String] = []
            if spatial.contains(0) {
                problems.append("pixdim[1,2,3] should be non-zero"); fixes.append("setting 0 dims to 1")
                for i in 1...3 where pixdim[i] == 0 { pixdim[i] = 1 }
            }
            if spatial.contains(where: { $0 < 0 }) {
                problems.append("pixdim[1,2,3] should be positive"); fixes.append("setting to abs of pixdim values")
                for i in 1...3 { pixdim[i] = Swift.abs(pixdim[i]) }
            }
            warnings.append(problems.joined(separator: " and ") + "; " + fixes.joined(separator: " and "))
        }
        guard version != 0 else { return warnings }  // Analyze: no qfac, offset or xform checks
        if pixdim[0] != 1 && pixdim[0] != -1 { pixdim[0] = 1 }
        if voxOffset != 0 && voxOffset.isFinite && voxOffset.truncatingRemainder(dividingBy: 16) != 0 {
            // level 30: kept as it is, but nibabel warns (SPM maps data from 16-byte boundaries)
            warnings.append("vox offset (=\(String(format: "%g", voxOffset))) not divisible by 16, not SPM compatible; leaving at current value")
        }
        if !Self.validXformCodes.contains(qformCode) {
            warnings.append("qform_code \(qformCode) not valid; setting to 0")
            qformCode = 0
        }
        if !Self.validXformCodes.contains(sformCode) {
            warnings.append("sform_code \(sformCode) not valid; setting to 0")
            sformCode = 0
        }
        return warnings
    }
}
