import NIfTI

/// Checks that an image is a BOLD time series: 4D (trailing dimensions of 1 are allowed),
/// as nilearn's `check_niimg_4d` demands, whose first volume is really in the file (before
/// anything is allocated on its grid: a header may claim a grid its file cannot hold).
enum BOLDCheck {
    static func requireTimeSeries(_ image: NIfTIImage) throws {
        let shape = image.header.shape
        guard shape.count >= 4 else {
            throw ROIExtractionError(path: image.path, kind: .notATimeSeries,
                                     detail: "this is a \(shape.count)D image (shape \(shape)); a BOLD run must be 4D (x, y, z, time)")
        }
        if shape.count > 4, shape[4...].contains(where: { $0 != 1 }) {
            throw ROIExtractionError(path: image.path, kind: .notATimeSeries,
                                     detail: "this is a \(shape.count)D image (shape \(shape)); a BOLD run must be 4D (x, y, z, time)")
        }
        try image.requireFirstVolume()
    }
}
