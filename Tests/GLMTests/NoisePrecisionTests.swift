import GLM
import LinearAlgebra
import RSA
import TestSupport
import XCTest

/// GLM residuals per ROI -> noise precision, against nilearn's residuals and rsatoolbox
/// 0.3.2's `prec_from_residuals` (dof corrected for the regressors).
final class NoisePrecisionTests: XCTestCase {
    func testResidualsAndPrecisionMatchRsatoolbox() throws {
        let data = try GLMFixtures.run(0)
        let events = try GLMFixtures.eventsTable(0).events
        let design = try DesignMatrix.make(events: events, volumes: data.volumes, repetitionTime: GLMFixtures.tr)
        // ROI labels of the masked voxels from the ROI image, in mask order.
        let mask = try GLMFixtures.mask()
        let roiImage = try NIfTIImageLabels.labels(GLMFixtures.path("rois.nii.gz"), mask: mask)
        var options = GLMOptions(); options.noise = .ols
        let (rois, dof) = try FirstLevelGLM.residualsInROIs(run: data, design: design, labels: roiImage, options: options)
        XCTAssertEqual(dof, GLMFixtures.refs["precision"]["dof"].int!)
        XCTAssertEqual(rois.map(\.label), [1, 2])
        for roi in rois {
            let ref = GLMFixtures.matrix("residuals_roi\(roi.label)")
            let ours = roi.residuals.converted(to: Double.self)
            XCTAssertEqual(ours.columns, ref.columns)
            // float32 storage of the residuals: 1e-6 of their scale.
            XCTAssertLessThan(GLMFixtures.scaledError(ours.elements, ref.elements), 1e-6)
            for m in GLMFixtures.refs["precision"]["methods"].array.map({ $0.string! }) {
                let prec = try NoisePrecision.fromResiduals(ours, dof: dof, method: NoiseEstimator(rawValue: m)!)
                let refPrec = GLMFixtures.matrix("precision_roi\(roi.label)_\(m)")
                XCTAssertLessThan(GLMFixtures.scaledError(prec.elements, refPrec.elements), 1e-5, "ROI \(roi.label) \(m)")
            }
        }
    }
}

import NIfTI

/// The label of each masked voxel in a label image on the mask's grid.
enum NIfTIImageLabels {
    static func labels(_ path: String, mask: VoxelMask) throws -> [Int] {
        let v = try NIfTIImage.open(path).readVolume(0)
        return mask.indices.map { Int(v[$0]) }
    }
}
