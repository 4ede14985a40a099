import LinearAlgebra
import AtomicFiles
import ArrayFiles
import Dispatch
import Foundation
import Provenance

/// Writes recurrence results: `<prefix>rqa.tsv` (a row per ROI: `roi`, the measures, `N`,
/// `eps`), `<prefix>recurrence_plots.npy` (uint8 ROIs x N x N, R as 0/1) and a 1-bit PNG
/// `<prefix>rp_<roi>.png` per ROI, each with a provenance sidecar. Used by
/// `neurorep recurrence` (empty prefix) and by pipelines (a BIDS-style prefix).
public enum RecurrenceExport {
    /// Writes the outputs into `folder` through one `OutputUnit` and returns their paths
    /// (sidecars included): `<prefix>rqa.json` describes the table, `<prefix>recurrence_plots.json`
    /// the stack, `<prefix>rp.json` every PNG.
    public static func write(_ results: [RecurrenceResult], to folder: String, prefix: String = "",
                             stack: Bool = true, pngs: Bool = true, record: ProvenanceRecord) throws -> [String] {
        try OutputUnit.write(root: folder) { unit in
            try self.stage(results, into: unit, folder: folder, prefix: prefix, stack: stack, pngs: pngs, record: record)
        }
    }

    /// Stages the outputs into `unit` (the caller commits).
    public static func stage(_ results: [RecurrenceResult], into unit: OutputUnit, folder: String, prefix: String = "",
                             stack: Bool = true, pngs: Bool = true, record: ProvenanceRecord) throws {
        let base = (folder.hasSuffix("/") ? folder : folder + "/") + prefix
        let tsv = try unit.path(for: base + "rqa.tsv", holds: "recurrence quantification: one row per ROI (pyunicorn definitions), N and eps")
        let rows = results.map { r in [r.name] + (r.measures.values + [r.plot.eps]).map(DelimitedTable.format) }
        try DelimitedTable(columns: ["roi"] + RQAMeasures.columnNames + ["eps"], rows: rows).write(to: tsv)
        try unit.describe(stem: base + "rqa", record: record)
        if stack {
            let (shape, bytes) = RecurrenceAnalysis.stack(results)
            let path = try unit.path(for: base + "recurrence_plots.npy", holds: "uint8 ROIs x N x N recurrence matrices (1 = recurrence)")
            try NPY.write(NPYArray(shape: shape, storage: .uint8(bytes)), to: path)
            try unit.describe(stem: base + "recurrence_plots", record: record)
        }
        if pngs {
            let names = pngNames(results.map(\.name))
            let paths = try zip(names, results).map { try unit.path(for: base + $0, holds: "1-bit recurrence plot of ROI \($1.name)") }
            let failures = FailureList()
            BLASThreads.concurrentPerform(iterations: results.count) { k in
                do {
                    try results[k].plot.matrix.image().write(to: paths[k])
                } catch { failures.append("\(base + names[k]): \(error)") }
            }
            if let first = failures.items.first { throw RecurrenceExportError(message: first) }
            if !names.isEmpty { try unit.describe(stem: base + "rp", record: record) }
        }
    }

    /// The settings as provenance parameters.
    public static func parameters(_ s: RecurrenceSettings) -> [String: ProvenanceValue] {
        var p: [String: ProvenanceValue] = [
            "dim": .int(s.dimension), "delay": .int(s.delay), "metric": .string(s.metric.rawValue),
            "theiler": .int(s.theiler), "conventions": .string(s.conventions.rawValue),
            "lmin": .int(s.lmin), "vmin": .int(s.vmin), "wmin": .int(s.wmin), "precision": "float64",
        ]
        switch s.threshold {
        case .radius(let e): p["threshold"] = .double(e)
        case .standardDeviations(let k): p["threshold_std"] = .double(k)
        case .recurrenceRate(let r): p["recurrence_rate"] = .double(r)
        }
        return p
    }

    /// `rp_<roi>.png` per ROI; names that collide once made file-safe get `_<column index>`.
    public static func pngNames(_ names: [String]) -> [String] {
        let safe = names.map(fileSafe)
        var seen: [String: Int] = [:]
        for n in safe { seen[n, default: 0] += 1 }
        return safe.enumerated().map { k, n in seen[n]! > 1 ? "rp_\(n)_\(k).png" : "rp_\(n).png" }
    }

    /// ROI names as file-name pieces: anything but letters, digits, '.', '-' and '_' becomes '_'.
    public static func fileSafe(_ name: String) -> String {
        String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "_" })
    }
}

/// A failure while writing recurrence outputs (the message names the file).
public struct RecurrenceExportError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// Error messages collected from concurrent writers.
private final class FailureList: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var items: [String] = []
    func append(_ s: String) { lock.lock(); items.append(s); lock.unlock() }
}
