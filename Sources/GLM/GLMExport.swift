import ArrayFiles
import Dispatch
import FMRIWorkflow
import Foundation
import LinearAlgebra
import NIfTI
import Provenance

/// Writes the outputs of `neurorep glm` through one `OutputUnit` (all or nothing; one provenance
/// sidecar per output stem naming each of its files with its SHA-256):
///
/// * per run `<run entities>_design.tsv` (the fitted design, censored rows removed), sidecar
///   `<run entities>_design.json`;
/// * per condition and contrast `<entities>_contrast-<name>_stat-<effect|variance|t|z|p>_statmap.nii.gz`
///   (the statistics chosen with `--stats`, default all five) on the mask's grid (0 outside the
///   mask; float32, p in float64 so tiny p values survive),
///   where `<entities>` drops `run-` when several runs are combined; one sidecar per contrast,
///   `<entities>_contrast-<name>.json`;
/// * with a beta series, per run `<run entities>_desc-<lsa|lss>_stat-effect_statmap.nii.gz` (4D, one
///   volume per trial in events order) and `<run entities>_desc-<lsa|lss>_trials.tsv`, sidecar
///   `<run entities>_desc-<lsa|lss>.json`.
public enum GLMExport {
    @discardableResult
    public static func write(_ results: GLMResults, parameters p: GLMParameters, command: String, outputFolder: String,
                             checksums: InputChecksums) throws -> [String] {
        try OutputUnit.write(root: outputFolder) { unit in
            try stage(results, parameters: p, command: command, into: unit, folder: unit.root, checksums: checksums)
        }
    }

    /// Stages every output into `unit` under `folder` (the CLI's output folder, or a pipeline
    /// subject's `glm/` folder); `details` are added to every record (the pipeline's config).
    public static func stage(_ results: GLMResults, parameters p: GLMParameters, command: String, into unit: OutputUnit, folder: String,
                             checksums: InputChecksums, details extra: [String: ProvenanceValue] = [:]) throws {
            let allInputs = p.boldPaths + p.eventsPaths + p.confoundsPaths + [p.maskPath].compactMap { $0 }
            func record(_ details: [String: ProvenanceValue], inputs: [String]) throws -> ProvenanceRecord {
                var rec = ProvenanceRecord(command: command, parameters: p.provenance, details: details.merging(extra) { a, _ in a })
                try checksums.add(inputs, to: &rec)
                return rec
            }
            for run in results.runs {
                let runInputs = [run.boldPath, run.eventsPath] + [run.confoundsPath, p.maskPath].compactMap { $0 }
                let designStem = "\(folder)/\(run.prefix)_design"
                let m = run.design.matrix
                let path = try unit.path(for: designStem + ".tsv", holds: "design matrix: \(m.rows) frames x \(m.columns) regressors (nilearn's column names)")
                try DelimitedTable(columns: run.design.columns, numericRows: m.rowArrays).write(to: path, separator: "\t")
                try unit.describe(stem: designStem, record: record(["Source": .string(run.boldPath), "Volumes": .int(m.rows),
                                                                    "KeptFrames": run.keptFrames.map { .ints($0) } ?? .null,
                                                                    "ResidualDOF": .int(run.dof)], inputs: runInputs))
                if let series = run.betaSeries, let method = p.betaSeries {
                    let stem = "\(folder)/\(run.prefix)_desc-\(method.rawValue)"
                    let img = try unit.path(for: stem + "_stat-effect_statmap.nii.gz",
                                            holds: "4D float32 effect maps, one volume per trial in events order (see _trials.tsv)")
                    try writeMaps(rows: (0..<series.rows).map { series.row($0) }, mask: results.mask, as: Float.self, to: img, fourD: true)
                    let tsv = try unit.path(for: stem + "_trials.tsv", holds: "one row per volume of the effect maps: trial, condition, onset, duration, modulation")
                    let rows = run.trials.map { t in
                        [String(t.index), t.name, t.condition, DelimitedTable.format(t.event.onset), DelimitedTable.format(t.event.duration),
                         DelimitedTable.format(t.event.modulation)]
                    }
                    try DelimitedTable(columns: ["volume", "trial", "trial_type", "onset", "duration", "modulation"], rows: rows).write(to: tsv, separator: "\t")
                    try unit.describe(stem: stem, record: record(["Source": .string(run.boldPath), "Method": .string(method.rawValue)], inputs: runInputs))
                }
            }
            // Contrasts are independent: each worker takes every k-th contrast and computes and
            // writes its maps on its own (t -> p -> z and the gzip are most of the time left
            // after the fit), so only `workers` contrasts' maps are in memory at once. Files are
            // named, described and listed sequentially beforehand, in a fixed order.
            let statistics = GLMStatistic.allCases.filter(p.statistics.contains)
            var paths: [[GLMStatistic: String]] = []
            for (spec, s) in results.contrasts {
                let label = BIDSName.label(from: spec.name)
                let stem = "\(folder)/\(results.combinedPrefix)_contrast-\(label)"
                let details: [String: ProvenanceValue] = [
                    "Contrast": .string(spec.name), "Expression": .string(spec.expression), "DegreesOfFreedom": .double(s.dof),
                    "Runs": .strings(results.runs.map(\.boldPath)),
                    "FixedEffects": .string(results.runs.count > 1 ? "nilearn compute_fixed_effect_contrast: mean effect, summed variance / n^2, summed dof" : "single run"),
                ]
                var mine: [GLMStatistic: String] = [:]
                for stat in statistics {
                    mine[stat] = try unit.path(for: "\(stem)_stat-\(stat.rawValue)_statmap.nii.gz", holds: stat.holds)
                }
                paths.append(mine)
                try unit.describe(stem: stem, record: record(details, inputs: allInputs))
            }
            let contrasts = results.contrasts.map(\.statistics)
            let workers = Swift.max(1, Swift.min(ProcessInfo.processInfo.activeProcessorCount, contrasts.count))
            let failure = FirstError()
            BLASThreads.concurrentPerform(iterations: workers) { w in
                for c in Swift.stride(from: w, to: contrasts.count, by: workers) where !failure.isSet {
                    do {
                        let maps = contrasts[c].maps(statistics)
                        for stat in statistics {
                            guard let path = paths[c][stat], let values = maps[stat] else { continue }
                            if stat == .p { try writeMaps(rows: [values], mask: results.mask, as: Double.self, to: path) }
                            else { try writeMaps(rows: [values], mask: results.mask, as: Float.self, to: path) }
                        }
                    } catch { failure.set(error) }
                }
            }
            if let e = failure.error { throw e }
    }

    /// Masked vectors (one per volume) back onto the mask's grid, 0 outside.
    public static func writeMaps<T: NIfTIWriter.Storable & BinaryFloatingPoint>(rows: [[Double]], mask: VoxelMask, as: T.Type, to path: String, fourD: Bool = false) throws {
        let perVolume = mask.shape.reduce(1, *)
        var data = [T](repeating: 0, count: perVolume * rows.count)
        for (v, r) in rows.enumerated() { for (k, idx) in mask.indices.enumerated() { data[v * perVolume + idx] = T(r[k]) } }
        try NIfTIWriter.write(data, shape: fourD ? mask.shape + [rows.count] : mask.shape, affine: mask.affine, to: path)
    }
}
