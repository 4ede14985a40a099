import ArrayFiles
import Foundation
import LinearAlgebra
import RSA

/// ROI RDMs of mahalanobis and crossnobis from the `glm` stage's per-run patterns and ROI
/// residuals (`GLMRunPatterns`), as rsatoolbox 0.3.2 computes them for a dataset with `cond` and
/// `run` descriptors and `noise = prec_from_residuals([run residuals], dof)`: crossnobis averages
/// over pairs of runs, mahalanobis is computed on the condition means over runs (nilearn's fixed
/// effects are that mean too), each whitened by the runs' noise covariances (`RunNoiseRDM`).
/// With noise, an ROI's channels are its voxels inside the GLM mask (the voxels with residuals);
/// with `noise: none`, all its atlas voxels, as the other methods.
extension RepresentationSteps {
    func runwiseROIRDMs(subject: String, runPatterns: GLMRunPatterns.Files?) throws -> ([String], [RDM]) {
        guard let f = runPatterns else {
            throw PipelineError("sub-\(subject): 'stages.rsa.method' \(rsa.method.rawValue) needs the per-run patterns of the 'glm' stage")
        }
        // one-run subjects were refused when planning (`GLMRunPatterns.files`)
        let conds = try conditions
        let observations = f.maps.indices.flatMap { r in conds.map { BetaMapPatterns.Observation(condition: $0, run: r) } }
        let rois = try BetaMapPatterns.load(files: f.maps, observations: observations, atlas: atlas.image)
        let names = try Self.regionNames(rois.map(\.label), lookup: atlas.labels)
        guard let path = f.residuals, let estimator = rsa.noise else {
            return (names, try rois.map { try RDMCalculator.compute($0.patterns, method: rsa.method) })
        }
        let residuals = try ROIResidualsFile(path: path, runs: f.maps.count)
        let rdms = try zip(rois, names).map { roi, name -> RDM in
            guard let voxels = residuals.voxels[roi.label] else {
                throw PipelineError("\(path): ROI \(name) (label \(roi.label)) has no voxel inside the GLM mask, so no residuals to estimate its noise from")
            }
            let position = Dictionary(roi.voxels.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            let channels = try voxels.map { v in
                guard let c = position[v] else {
                    throw PipelineError("\(path): voxel \(v) of ROI \(name) has residuals but no finite value in every per-run map (\(f.maps.joined(separator: ", ")))")
                }
                return c
            }
            let patterns = try roi.patterns.selectingChannels(channels)
            let covariances = try (0..<f.maps.count).map { k in
                try NoisePrecision.covarianceFromResiduals(try residuals.matrix(label: roi.label, run: k), dof: residuals.dof[k], method: estimator)
            }
            return rsa.method == .crossnobis
                ? try RunNoiseRDM.crossnobis(patterns, runCovariances: covariances)
                : try RunNoiseRDM.mahalanobis(patterns, runCovariances: covariances)
        }
        return (names, rdms)
    }
}

/// The `…_desc-residuals_rois.npz` the glm unit writes (layout in `GLMRunPatterns`), checked.
struct ROIResidualsFile {
    let path: String
    let arrays: [String: NPYArray]
    /// Per label, the flat voxel indices of its residual columns.
    let voxels: [Int: [Int]]
    /// Per run, the residual degrees of freedom.
    let dof: [Int]

    init(path: String, runs: Int) throws {
        self.path = path
        let read = try NPZ.read(path)
        let all = Dictionary(read.map { ($0.name, $0.array) }, uniquingKeysWith: { a, _ in a })
        arrays = all
        func integers(_ name: String) throws -> [Int] {
            guard let a = all[name], a.shape.count == 1, a.isIntegral else { throw PipelineError("\(path): no 1D integer array '\(name)'") }
            return try a.doubles.map { v in
                guard v >= 0, v < 1e15 else { throw PipelineError("\(path): '\(name)' holds \(v), not a non-negative index") }
                return Int(v)
            }
        }
        dof = try integers("dof")
        guard dof.count == runs, dof.allSatisfy({ $0 > 0 }) else { throw PipelineError("\(path): 'dof' is \(dof), expected \(runs) positive values (one per run)") }
        var v: [Int: [Int]] = [:]
        for l in try integers("labels") { v[l] = try integers("roi-\(l)_voxels") }
        voxels = v
    }

    /// Run k's residuals of an ROI as frames x voxels.
    func matrix(label: Int, run k: Int) throws -> Matrix<Double> {
        let name = "roi-\(label)_run-\(k)"
        guard let a = arrays[name], a.shape.count == 2, a.shape[1] == voxels[label]?.count, a.shape[0] >= 2 else {
            throw PipelineError("\(path): no frames x \(voxels[label]?.count ?? 0) array '\(name)'")
        }
        return Matrix(rows: a.shape[0], columns: a.shape[1], elements: a.doubles)
    }
}
