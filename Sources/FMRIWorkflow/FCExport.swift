import ArrayFiles
import Connectivity
import Foundation
import LinearAlgebra
import Provenance
import ROIExtraction

/// Writes the fMRI stage's outputs, all through one `OutputUnit` (nothing appears in the
/// output folder unless everything was written):
///
/// * per run: `<prefix>_atlas-<A>_timeseries.tsv` (ROI names as header, `n/a` for NaN) and
///   `.npy` (float64, kept volumes x ROIs), with a `.json` provenance sidecar;
/// * per run and kind: `<prefix>_atlas-<A>_meas-<kind>_relmat.tsv` (a `Node` column with the ROI
///   names, then one column per ROI, as XCP-D) and `.npy` (p x p), with a sidecar; with
///   `vectorize`, also `..._meas-<kind>_desc-vec[_desc-nodiag]_relmat.npy/.tsv` (nilearn
///   `sym_matrix_to_vec` order);
/// * for tangent, the group reference point `atlas-<A>_meas-tangent_desc-groupmean_relmat.*`.
///
/// Sidecars: tool and version, the command, every parameter, input SHA-256s, and per file the
/// ROI names, labels, voxel counts, coverage, NaN columns, lost labels, kept and censored
/// volumes, TR, confound columns, warnings (and for matrices the estimator's shrinkage).
public enum FCExport {
    /// Writes and commits (through one `OutputUnit`). Returns the final paths written.
    @discardableResult
    public static func write(runs: [RunTimeSeries], connectivity: [FCWorkflow.KindResult], parameters p: FCParameters,
                             command: String, outputFolder: String, checksums: InputChecksums) throws -> [String] {
        try OutputUnit.write(root: outputFolder) { unit in
            try stage(runs: runs, connectivity: connectivity, parameters: p, command: command, into: unit, folder: outputFolder,
                      checksums: checksums)
        }
    }

    /// Stages every output into `unit` (files go to `folder`); the caller commits.
    public static func stage(runs: [RunTimeSeries], connectivity: [FCWorkflow.KindResult], parameters p: FCParameters,
                             command: String, into staging: OutputUnit, folder: String, checksums: InputChecksums,
                             details: [String: ProvenanceValue] = [:]) throws {
        do {
            let atlas = p.resolvedAtlasName
            for run in runs {
                let stem = FCFileNames.timeSeriesStem(prefix: run.prefix, atlas: atlas)
                let m = run.cleaned
                try writePair(stem: stem, header: run.extraction.names, rows: m.rowArrays, npy: NPYArray(shape: [m.rows, m.columns], doubles: m.elements),
                              staging: staging, folder: folder, record: try record(command: command, parameters: p, run: run, checksums: checksums, extra: [:], timeSeries: true, common: details))
            }
            for k in connectivity {
                let measure = FCFileNames.measureLabel(k.kind.rawValue)
                for (s, run) in runs.enumerated() {
                    let matrix = k.result.matrices[s]
                    let extra: [String: ProvenanceValue] = [
                        "Measure": .string(k.kind.rawValue),
                        "NilearnKind": .optional(k.kind.nilearnName),
                        "Estimator": .string(k.kind == .pearson ? "empirical" : p.estimator.rawValue),
                        "Shrinkage": .double(k.result.shrinkages[s]),
                        "FisherZ": .bool(p.fisherZ && k.kind.isCorrelationLike),
                        "ExcludedRegions": .strings(k.result.excludedSignals.map { run.extraction.names[$0] }),
                        "ConnectivityWarnings": .strings(k.result.warnings),
                        "GroupRuns": .strings(runs.map(\.boldPath)),
                    ]
                    let rec = try record(command: command, parameters: p, run: run, checksums: checksums, extra: extra, common: details)
                    try writeMatrix(stem: FCFileNames.relmatStem(prefix: run.prefix, atlas: atlas, measure: measure),
                                    matrix: matrix, names: run.extraction.names, staging: staging, folder: folder, record: rec)
                    if p.vectorize {
                        let v = SymmetricVectorization.vector(matrix, discardDiagonal: p.discardDiagonal)
                        let header = vectorHeader(run.extraction.names, discardDiagonal: p.discardDiagonal)
                        var vrec = rec
                        vrec.details["Vectorization"] = .string(p.discardDiagonal ? "strict lower triangle, row by row (nilearn sym_matrix_to_vec discard_diagonal=True)"
                                                                : "lower triangle with diagonal / sqrt(2), row by row (nilearn sym_matrix_to_vec)")
                        try writePair(stem: FCFileNames.relmatStem(prefix: run.prefix, atlas: atlas, measure: measure,
                                                                   desc: p.discardDiagonal ? "vecnodiag" : "vec"),
                                      header: header, rows: [v], npy: NPYArray(shape: [v.count], doubles: v), staging: staging, folder: folder, record: vrec)
                    }
                }
                if k.kind == .tangent, let first = runs.first {
                    var rec = ProvenanceRecord(command: command, parameters: p.provenance,
                                               details: ["Measure": .string("tangent group reference (geometric mean of the runs' covariances, nilearn mean_)"),
                                                         "Runs": .strings(runs.map(\.boldPath)),
                                                         "RegionNames": .strings(first.extraction.names),
                                                         "GeometricMeanIterations": .optional(k.result.geometricMean?.iterations),
                                                         "Warnings": .strings(k.result.warnings)])
                    try checksums.add(runs.map(\.boldPath) + atlasInputs(p) + runs.compactMap(\.confoundsPath), to: &rec)
                    try writeMatrix(stem: FCFileNames.relmatStem(prefix: "", atlas: atlas, measure: measure, desc: "groupmean").dropFirstUnderscore,
                                    matrix: k.result.groupMean, names: first.extraction.names, staging: staging, folder: folder, record: rec)
                }
            }
        }
    }

    static func atlasInputs(_ p: FCParameters) -> [String] { [p.atlasPath] + [p.lookupPath, p.maskPath].compactMap { $0 } }

    /// The sidecar record of one run's output.
    static func record(command: String, parameters p: FCParameters, run: RunTimeSeries, checksums: InputChecksums,
                       extra: [String: ProvenanceValue], timeSeries: Bool = false,
                       common: [String: ProvenanceValue] = [:]) throws -> ProvenanceRecord {
        let e = run.extraction
        var details: [String: ProvenanceValue] = [
            "Source": .string(run.boldPath),
            "RegionNames": .strings(e.names),
            "RegionLabels": .doubles(e.labels),
            "RegionVoxelCounts": .ints(e.voxelCounts),
            "RegionCoverage": .doubles(e.coverage),
            "NaNRegions": .strings(e.nanColumns.map { e.names[$0] }),
            "LostLabels": .doubles(e.lostLabels),
            "VolumesInput": .int(e.volumes),
            "KeptVolumes": .ints(run.keptVolumes),
            "CensoredVolumes": .ints(run.removedVolumes),
            "RepetitionTime": .optional(run.repetitionTime),
            "RepetitionTimeSource": .string(run.repetitionTimeSource),
            "ConfoundColumns": .strings(run.confoundColumns),
            "Warnings": .strings(run.warnings),
        ]
        for (k, v) in extra { details[k] = v }
        var rec = ProvenanceRecord(command: command, parameters: timeSeries ? p.timeSeriesProvenance : p.provenance,
                                   details: details.merging(common) { a, _ in a })
        try checksums.add([run.boldPath] + atlasInputs(p) + [run.confoundsPath].compactMap { $0 }, to: &rec)
        return rec
    }

    /// `<stem>.tsv` + `<stem>.npy`, described by one sidecar `<stem>.json` listing both.
    static func writePair(stem: String, header: [String], rows: [[Double]], npy: NPYArray, staging: OutputUnit, folder: String,
                          record: ProvenanceRecord) throws {
        let base = folder + "/" + stem
        let tsv = try staging.path(for: base + ".tsv", holds: "table: one column per " + (npy.shape.count == 1 ? "pair" : "region") + " (header: names), n/a for NaN")
        let npyPath = try staging.path(for: base + ".npy", holds: "float64 array of shape \(npy.shape), the same values as the TSV")
        try DelimitedTable(columns: header, numericRows: rows).write(to: tsv, separator: "\t")
        try NPY.write(npy, to: npyPath)
        try staging.describe(stem: base, record: record)
    }

    /// A square matrix: TSV with a `Node` column of names, NPY p x p, one sidecar for both.
    public static func writeMatrix(stem: String, matrix m: Matrix<Double>, names: [String], staging: OutputUnit, folder: String,
                                   record: ProvenanceRecord) throws {
        let base = folder + "/" + stem
        let tsv = try staging.path(for: base + ".tsv", holds: "matrix: a Node column of region names, then one column per region")
        let npyPath = try staging.path(for: base + ".npy", holds: "float64 \(m.rows) x \(m.columns) matrix, the same values as the TSV")
        let rows = (0..<m.rows).map { i in [names[i]] + m.row(i).map(DelimitedTable.format) }
        try DelimitedTable(columns: ["Node"] + names, rows: rows).write(to: tsv, separator: "\t")
        try NPY.write(NPYArray(shape: [m.rows, m.columns], doubles: m.elements), to: npyPath)
        try staging.describe(stem: base, record: record)
    }

    /// Column names of a vectorised matrix: `A|B` for the pair (row A, column B), nilearn's order.
    static func vectorHeader(_ names: [String], discardDiagonal: Bool) -> [String] {
        var h: [String] = []
        for i in names.indices { for j in 0..<(discardDiagonal ? i : i + 1) { h.append("\(names[i])|\(names[j])") } }
        return h
    }
}

private extension String {
    /// "_atlas-x..." -> "atlas-x..." (a group file has no subject prefix).
    var dropFirstUnderscore: String { hasPrefix("_") ? String(dropFirst()) : self }
}
