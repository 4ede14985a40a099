import ArrayFiles
import Dispatch
import FMRIWorkflow
import Foundation
import LinearAlgebra
import NIfTI
import Provenance

/// Writes the outputs of `neurorep glm` through one `OutputStaging` (all or nothing), each with
/// a provenance sidecar (tool, command, parameters, input SHA-256s, the output's own checksum):
///
/// * per run `<run entities>_design.tsv` (the fitted design, censored rows removed);
/// * per condition and contrast `<entities>_contrast-<name>_stat-<effect|variance|t|z|p>_statmap.nii.gz`
///   on the mask's grid (0 outside the mask; float32, p in float64 so tiny p values survive),
///   where `<entities>` drops `run-` when several runs are combined;
/// * with a beta series, per run `<run entities>_desc-<lsa|lss>_stat-effect_statmap.nii.gz` (4D, one
///   volume per trial in events order) and `<run entities>_desc-<lsa|lss>_trials.tsv`.
///
/// All writing lives in this file so the output mechanism can be swapped in one place.
public enum GLMExport {
    @discardableResult
    public static func write(_ results: GLMResults, parameters p: GLMParameters, command: String, outputFolder: String,
                             checksums: InputChecksums) throws -> [String] {
        let staging = try OutputStaging(outputFolder: outputFolder)
        do {
            /// The staging path of an output, its `.json` sidecar registered with it.
            func stage(_ name: String) throws -> String {
                let path = try staging.path(for: name)
                _ = try staging.path(for: URL(fileURLWithPath: ProvenanceRecord.sidecarPath(for: path)).lastPathComponent)
                return path
            }
            let allInputs = p.boldPaths + p.eventsPaths + p.confoundsPaths + [p.maskPath].compactMap { $0 }
            func record(_ details: [String: ProvenanceValue], inputs: [String]) throws -> ProvenanceRecord {
                var rec = ProvenanceRecord(command: command, parameters: p.provenance, details: details)
                try checksums.add(inputs, to: &rec)
                return rec
            }
            for run in results.runs {
                let runInputs = [run.boldPath, run.eventsPath] + [run.confoundsPath, p.maskPath].compactMap { $0 }
                let path = try stage("\(run.prefix)_design.tsv")
                let m = run.design.matrix
                try DelimitedTable(columns: run.design.columns, numericRows: m.rowArrays).write(to: path, separator: "\t")
                try record(["Source": .string(run.boldPath), "Volumes": .int(m.rows), "KeptFrames": run.keptFrames.map { .ints($0) } ?? .null,
                            "ResidualDOF": .int(run.dof)], inputs: runInputs).writeSidecar(for: path)
                if let series = run.betaSeries, let method = p.betaSeries {
                    let stem = "\(run.prefix)_desc-\(method.rawValue)"
                    let img = try stage(stem + "_stat-effect_statmap.nii.gz")
                    try writeMaps(rows: (0..<series.rows).map { series.row($0) }, mask: results.mask, as: Float.self, to: img, fourD: true)
                    let rec = try record(["Source": .string(run.boldPath), "Volumes": .string("one per trial, in events order; see \(stem)_trials.tsv"),
                                          "Method": .string(method.rawValue)], inputs: runInputs)
                    try rec.writeSidecar(for: img)
                    let tsv = try stage(stem + "_trials.tsv")
                    let rows = run.trials.map { t in
                        [String(t.index), t.name, t.condition, DelimitedTable.format(t.event.onset), DelimitedTable.format(t.event.duration),
                         DelimitedTable.format(t.event.modulation)]
                    }
                    try DelimitedTable(columns: ["volume", "trial", "trial_type", "onset", "duration", "modulation"], rows: rows).write(to: tsv, separator: "\t")
                    try rec.writeSidecar(for: tsv)
                }
            }
            // The maps are compressed in parallel (gzip of 50 whole-brain maps is a third of a
            // whole-brain run's CPU time); names, sidecars and their order stay sequential.
            struct MapJob { let path: String; let values: [Double]; let double: Bool; let record: ProvenanceRecord }
            var jobs: [MapJob] = []
            for (spec, s) in results.contrasts {
                let label = BIDSName.label(from: spec.name)
                let details: [String: ProvenanceValue] = [
                    "Contrast": .string(spec.name), "Expression": .string(spec.expression), "DegreesOfFreedom": .double(s.dof),
                    "Runs": .strings(results.runs.map(\.boldPath)),
                    "FixedEffects": .string(results.runs.count > 1 ? "nilearn compute_fixed_effect_contrast: mean effect, summed variance / n^2, summed dof" : "single run"),
                ]
                let tpz = s.tpz
                let maps: [(String, [Double])] = [("effect", s.effect), ("variance", s.variance), ("t", tpz.t), ("z", tpz.z), ("p", tpz.p)]
                for (stat, values) in maps {
                    let path = try stage("\(results.combinedPrefix)_contrast-\(label)_stat-\(stat)_statmap.nii.gz")
                    var d = details; d["Statistic"] = .string(stat)
                    jobs.append(MapJob(path: path, values: values, double: stat == "p", record: try record(d, inputs: allInputs)))
                }
            }
            let failure = NSLock()
            var firstError: Error? = nil
            DispatchQueue.concurrentPerform(iterations: Swift.max(1, Swift.min(ProcessInfo.processInfo.activeProcessorCount, jobs.count))) { w in
                for k in Swift.stride(from: w, to: jobs.count, by: Swift.max(1, Swift.min(ProcessInfo.processInfo.activeProcessorCount, jobs.count))) {
                    do {
                        let j = jobs[k]
                        if j.double { try writeMaps(rows: [j.values], mask: results.mask, as: Double.self, to: j.path) }
                        else { try writeMaps(rows: [j.values], mask: results.mask, as: Float.self, to: j.path) }
                    } catch { failure.lock(); if firstError == nil { firstError = error }; failure.unlock() }
                }
            }
            if let e = firstError { throw e }
            for j in jobs { try j.record.writeSidecar(for: j.path) }
            try staging.commit()
            return staging.staged
        } catch {
            staging.discard()
            throw error
        }
    }

    /// Masked vectors (one per volume) back onto the mask's grid, 0 outside.
    static func writeMaps<T: NIfTIWriter.Storable & BinaryFloatingPoint>(rows: [[Double]], mask: VoxelMask, as: T.Type, to path: String, fourD: Bool = false) throws {
        let perVolume = mask.shape.reduce(1, *)
        var data = [T](repeating: 0, count: perVolume * rows.count)
        for (v, r) in rows.enumerated() { for (k, idx) in mask.indices.enumerated() { data[v * perVolume + idx] = T(r[k]) } }
        try NIfTIWriter.write(data, shape: fourD ? mask.shape + [rows.count] : mask.shape, affine: mask.affine, to: path)
    }
}
