import ArrayFiles
import FMRIWorkflow
import Foundation
import GLM
import LinearAlgebra
import Provenance

/// What the `glm` unit writes besides the combined beta maps when `stages.rsa.method` is
/// mahalanobis or crossnobis (`PipelineConfig.RSA.usesRuns`): each run's condition patterns and,
/// unless `stages.rsa.noise` is `none`, each run's residuals within the atlas's ROIs — what the
/// `rsa` step cross-validates over and estimates the noise from (rsatoolbox `calc_rdm` with a
/// `run` descriptor and `prec_from_residuals` on the list of run residuals).
///
/// Files (in `sub-X/glm/`):
/// - `<run entities>_desc-conditions_stat-effect_statmap.nii.gz` per run: 4D float32, one volume
///   per condition in the order of `stages.glm.conditions`, the run's own effect sizes (its GLM
///   alone, before fixed effects). With one run this is the combined map itself.
/// - `<entities>_atlas-<atlas>_desc-residuals_rois.npz`: `labels` (int64, the ROIs), `dof`
///   (int64, one per run: `T - rank(X)`), and per ROI `roi-<label>_voxels` (int64 flat NIfTI
///   indices `i + nx*(j + ny*k)` of its voxels inside the GLM mask, ascending) and
///   `roi-<label>_run-<k>` (float32 frames x voxels: run k's residuals, k counting from 0 in the
///   order of the sidecar's `Runs`; AR(1) fits give the whitened residuals `wY - wX beta`, nilearn's
///   `RegressionResults.whitened_residuals` — not `FirstLevelModel.residuals_`, which is
///   `Y - wX beta` under AR(1), nilearn issue #2964).
///
/// The residuals, not a precision, are stored so that `stages.rsa.noise` stays a parameter of
/// the `rsa` step (another estimator does not refit the GLM), and because `frames x voxels` is
/// smaller than `voxels x voxels` for ROIs larger than a run.
struct GLMRunPatterns {
    struct Files: Sendable {
        /// One 4D condition map per run, in the runs' order.
        var maps: [String]
        /// The ROI residuals (nil when `stages.rsa.noise` is `none`).
        var residuals: String?
        /// The atlas whose ROIs the residuals cover.
        var atlas: PipelineConfig.Atlas
    }

    /// The files a subject's glm unit writes for the rsa method, or nil when it needs none.
    static func files(config: PipelineConfig, layout: OutputLayout, subject: String, runs: [BOLDRun], combinedPrefix: String) throws -> Files? {
        guard let rsa = config.rsa, rsa.usesRuns, let g = config.glm else { return nil }
        guard let atlas = config.atlases.first(where: { $0.name == (g.atlas ?? config.atlases.first?.name) }) else {
            throw PipelineError("\(config.file): no atlas named '\(g.atlas ?? "")' for the ROIs of stage 'glm'")
        }
        // refused when planning, before any subject's GLM is fitted
        if rsa.method == .crossnobis && runs.count < 2 {
            throw ConfigError(file: config.file, position: nil,
                              message: "'stages.rsa.method' crossnobis cross-validates over runs, but sub-\(subject) has one task run for the 'glm' stage (\(runs.map(\.bold).joined())); it needs at least 2 (or use mahalanobis)")
        }
        let folder = layout.subjectFolder(subject, "glm")
        let maps = runs.map { "\(folder)/\(layout.prefix(for: $0))_desc-conditions_stat-effect_statmap.nii.gz" }
        let residuals = rsa.noise == nil ? nil : "\(folder)/\(combinedPrefix)_atlas-\(atlas.name)_desc-residuals_rois.npz"
        return Files(maps: maps, residuals: residuals, atlas: atlas)
    }

    /// The glm unit's extra parameters (in its key: asking for these files refits).
    static func parameters(_ f: Files) -> [String: ProvenanceValue] {
        ["run_patterns": .bool(true), "residuals_atlas": f.residuals == nil ? .null : .string(f.atlas.name)]
    }

    /// The extra inputs of the glm unit (the atlas, when residuals are written).
    static func inputs(_ f: Files) -> [String] { f.residuals == nil ? [] : [f.atlas.image] }

    /// Computes the ROI residuals (reading each run again) and stages the files into `out`.
    static func write(_ f: Files, results: GLMResults, parameters p: GLMParameters, conditions: [String],
                      record: (_ details: [String: ProvenanceValue], _ inputs: [String]) throws -> ProvenanceRecord, into out: OutputUnit) throws {
        // per-run maps (a single run's map is the combined one, already written)
        if results.runs.count >= 2 {
            let index = try conditions.map { c in
                guard let i = results.contrasts.firstIndex(where: { $0.spec.name == c && $0.spec.expression == c }) else {
                    throw PipelineError("stage 'glm': condition '\(c)' has no events in \(p.eventsPaths.joined(separator: ", "))")
                }
                return i
            }
            for (r, run) in results.runs.enumerated() {
                guard run.statistics.count == results.contrasts.count else { throw PipelineError("stage 'glm': \(run.boldPath): no per-run statistics") }
                let path = f.maps[r]
                try GLMExport.writeMaps(rows: index.map { run.statistics[$0].effect }, mask: results.mask, as: Float.self,
                                        to: out.path(for: path, holds: "4D float32 condition effect maps of this run alone, one volume per condition in the order of Conditions"),
                                        fourD: true)
                let inputs = [run.boldPath, run.eventsPath] + [run.confoundsPath, p.maskPath].compactMap { $0 }
                try out.describe(stem: String(path.dropLast("_stat-effect_statmap.nii.gz".count)), record: record([
                    "Conditions": .strings(conditions), "Source": .string(run.boldPath), "Run": .int(r),
                    "Statistic": "effect size of each condition in this run's own GLM (the fold crossnobis cross-validates over)",
                ], inputs))
            }
        }
        guard let path = f.residuals else { return }
        let (rois, dof) = try GLMWorkflow.roiResiduals(results, parameters: p, atlas: f.atlas.image)
        var arrays: [(name: String, array: NPYArray)] = [
            ("labels", NPYArray(shape: [rois.count], storage: .int64(rois.map { Int64($0.label) }))),
            ("dof", NPYArray(shape: [dof.count], storage: .int64(dof.map { Int64($0) }))),
        ]
        for roi in rois {
            arrays.append(("roi-\(roi.label)_voxels", NPYArray(shape: [roi.voxels.count], storage: .int64(roi.voxels.map { Int64($0) }))))
            for (k, m) in roi.residuals.enumerated() {
                arrays.append(("roi-\(roi.label)_run-\(k)", NPYArray(shape: [m.rows, m.columns], floats: m.elements)))
            }
        }
        try NPZ.write(arrays, to: out.path(for: path, holds: "per ROI: the GLM residuals of every run within its voxels inside the mask (see Arrays)"))
        try out.describe(stem: OutputUnit.stem(of: path), record: record([
            "Runs": .strings(results.runs.map(\.boldPath)), "Atlas": .string(f.atlas.image), "ResidualDOF": .ints(dof),
            "Arrays": "labels (int64 ROI labels); dof (int64 per run, T - rank(X)); roi-<label>_voxels (int64 flat NIfTI indices i + nx*(j + ny*k), ascending, inside the GLM mask); roi-<label>_run-<k> (float32 frames x voxels, run k of Runs)",
            "Residuals": .string(p.options.noise == .ar1 ? "whitened residuals wY - wX beta of the AR(1) refit (nilearn RegressionResults.whitened_residuals)" : "OLS residuals"),
        ], p.boldPaths + p.eventsPaths + p.confoundsPaths + [p.maskPath, f.atlas.image].compactMap { $0 }))
    }
}
