import LinearAlgebra
import NIfTI

/// One ROI's GLM residuals in every run, for a noise precision per run (rsatoolbox
/// `prec_from_residuals` on a list of run residuals).
public struct ROIRunResiduals: Sendable {
    /// The atlas label (> 0).
    public var label: Int
    /// Flat NIfTI indices (`i + nx * (j + ny * k)`) of the ROI's voxels inside the GLM mask,
    /// ascending: the order in which `RSA.BetaMapPatterns` reads an ROI's voxels.
    public var voxels: [Int]
    /// One `frames x voxels` float32 matrix per run, in the order of `GLMResults.runs`.
    public var residuals: [Matrix<Float>]
}

extension GLMWorkflow {
    /// The residuals of each fitted run (OLS residuals, or the whitened residuals `wY - wX beta`
    /// of the AR(1) refit: nilearn's `RegressionResults.whitened_residuals`; its
    /// `FirstLevelModel.residuals_` is `Y - wX beta` under AR(1), nilearn issue #2964) within every label of a label atlas on
    /// the mask's grid, with each run's residual degrees of freedom `T - rank(X)` (the dof
    /// rsatoolbox asks to be corrected for the regressors). The runs are read again one at a
    /// time with the design the fit used (confounds, censored frames); only blocks of voxels
    /// that hold ROI voxels are refitted.
    public static func roiResiduals(_ results: GLMResults, parameters p: GLMParameters, atlas path: String) throws
        -> (rois: [ROIRunResiduals], dof: [Int]) {
        let labels = try maskedLabels(atlas: path, mask: results.mask)
        guard labels.contains(where: { $0 != 0 }) else {
            throw GLMError.badInput(path: path, detail: "no labelled voxel of the atlas lies inside the GLM mask")
        }
        var rois: [ROIRunResiduals] = []
        var dofs: [Int] = []
        for run in results.runs {
            var data = try MaskedRun.read(run.boldPath, mask: results.mask)
            if let k = run.keptFrames { data = data.keepingFrames(k) }
            let (perROI, dof) = try FirstLevelGLM.residualsInROIs(run: data, design: run.design, labels: labels, options: p.options)
            dofs.append(dof)
            for (n, roi) in perROI.enumerated() {
                // masked (nilearn) order -> ascending flat index
                let flat = roi.voxels.map { results.mask.indices[$0] }
                let order = flat.indices.sorted { flat[$0] < flat[$1] }
                let sorted = roi.residuals.columns(order)
                if rois.count == n { rois.append(ROIRunResiduals(label: roi.label, voxels: order.map { flat[$0] }, residuals: [])) }
                rois[n].residuals.append(sorted)
            }
        }
        return (rois, dofs)
    }

    /// The atlas label of every masked voxel (0: none); the atlas must be 3D, on the mask's
    /// grid, with non-negative integer labels.
    static func maskedLabels(atlas path: String, mask: VoxelMask) throws -> [Int] {
        let image = try NIfTIImage.open(path)
        let h = image.header
        guard h.volumeCount == 1 else { throw GLMError.badInput(path: path, detail: "the label atlas must be 3D; it has \(h.volumeCount) volumes") }
        let (x, y, z) = h.spatialShape
        guard [x, y, z] == mask.shape else {
            throw GLMError.badInput(path: path, detail: "voxel grid \([x, y, z]) differs from the BOLD runs' grid \(mask.shape): resample the atlas to the runs first")
        }
        let a = h.affine.elements, b = mask.affine.elements
        for i in 0..<16 where abs(a[i] - b[i]) > 1e-3 * Swift.max(1, abs(b[i])) {
            throw GLMError.badInput(path: path, detail: "affine differs from the BOLD runs' (element \(i): \(a[i]) vs \(b[i])): not the same grid")
        }
        let values = try image.readVolume(0)
        return try mask.indices.map { idx in
            let v = values[idx]
            guard v.isFinite, v >= 0, v == v.rounded(), v < Float(Int32.max) else {
                throw GLMError.badInput(path: path, detail: "label \(v) at voxel \(idx) is not a non-negative integer")
            }
            return Int(v)
        }
    }
}
