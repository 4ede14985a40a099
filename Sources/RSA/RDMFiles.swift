import ArrayFiles
import AtomicFiles
import Foundation

/// Reading and writing RDMs: `.npy` square `K x K` (or a stack `N x K x K`), `.tsv` square with
/// a header row of condition names. Writing streams row by row from the condensed storage, so a
/// 10,000-condition RDM never exists as a square matrix in memory.
public enum RDMFiles {
    /// Reads one square RDM (.npy or .tsv), or a condensed vector (.npy, 1D).
    public static func read(_ path: String) throws -> RDM {
        let stack = try readStack(path)
        guard stack.count == 1 else { throw RSAError(path, "holds \(stack.count) RDMs; expected one") }
        return stack[0]
    }

    /// Reads RDMs: `.npy` `K x K`, `N x K x K`, a condensed vector or `N x pairs`; `.tsv`/`.csv` square.
    public static func readStack(_ path: String) throws -> [RDM] {
        let lower = path.lowercased()
        if lower.hasSuffix(".tsv") || lower.hasSuffix(".csv") || lower.hasSuffix(".txt") {
            let t = try DelimitedTable.read(path)
            let rows = try t.numericRows(file: path)
            let k = rows.count
            guard rows.allSatisfy({ $0.count == k }) else { throw RSAError(path, "not a square table (\(k) rows, \(t.columns.count) columns)") }
            return [try RDM(square: rows.flatMap { $0 }, conditions: k, name: path)]
        }
        let a = try NPY.read(path)
        let v = a.doubles
        switch a.shape.count {
        case 1: return [try wrap(path) { try RDM(condensed: v) }]
        case 2 where a.shape[0] == a.shape[1]:
            return [try RDM(square: v, conditions: a.shape[0], name: path)]
        case 2:
            let n = a.shape[1]
            return try (0..<a.shape[0]).map { i in try wrap("\(path) row \(i)") { try RDM(condensed: Array(v[(i * n)..<((i + 1) * n)])) } }
        case 3 where a.shape[1] == a.shape[2]:
            let k = a.shape[1]
            return try (0..<a.shape[0]).map { i in try RDM(square: Array(v[(i * k * k)..<((i + 1) * k * k)]), conditions: k, name: "\(path) RDM \(i)") }
        default:
            throw RSAError(path, "shape \(a.shape) is not an RDM (K x K), a stack (N x K x K) or condensed vectors")
        }
    }

    static func wrap<T>(_ name: String, _ f: () throws -> T) throws -> T {
        do { return try f() } catch let e as RSAError { throw RSAError(name, e.detail) }
    }

    /// Writes a square RDM: `.tsv`/`.csv` with condition names as header, otherwise `.npy`
    /// (float64, or float32 when asked).
    public static func write(_ rdm: RDM, to path: String, names: [String]? = nil, float32: Bool = false) throws {
        let lower = path.lowercased()
        if lower.hasSuffix(".tsv") || lower.hasSuffix(".csv") {
            let header = names ?? (0..<rdm.conditions).map { "c\($0)" }
            let sep: Character = lower.hasSuffix(".csv") ? "," : "\t"
            try AtomicFile.write(to: path) { tmp in
                try streamRows(rdm, to: tmp, prefix: Data((header.joined(separator: String(sep)) + "\n").utf8)) { row in
                    Data((row.map(DelimitedTable.format).joined(separator: String(sep)) + "\n").utf8)
                }
            }
            return
        }
        let k = rdm.conditions
        try AtomicFile.write(to: path) { tmp in
            try streamRows(rdm, to: tmp, prefix: npyHeader(shape: [k, k], descr: float32 ? "<f4" : "<f8")) { row in
                if float32 { return row.map { Float($0) }.withUnsafeBytes { Data($0) } }
                return row.withUnsafeBytes { Data($0) }
            }
        }
    }

    /// Writes RDMs as an `N x K x K` float64 stack.
    public static func writeStack(_ rdms: [RDM], to path: String) throws {
        guard let k = rdms.first?.conditions else { throw RSAError(path, "no RDMs to write") }
        // layers or ROIs with different condition counts cannot share one N x K x K array
        if let other = rdms.first(where: { $0.conditions != k }) {
            throw RSAError(path, "cannot stack RDMs of \(k) and \(other.conditions) conditions: every layer or ROI must have the same conditions (pick one with --layer)")
        }
        var v: [Double] = []
        v.reserveCapacity(rdms.count * k * k)
        for r in rdms { v += r.square.elements }
        try NPY.write(v, shape: [rdms.count, k, k], to: path)
    }

    static func streamRows(_ rdm: RDM, to path: String, prefix: Data, encode: ([Double]) -> Data) throws {
        let h = try FileSystemError.openForWriting(path)
        defer { try? h.close() }
        try h.write(contentsOf: prefix)
        let k = rdm.conditions
        var chunk = Data()
        var row = [Double](repeating: 0, count: k)
        for i in 0..<k {
            for j in 0..<k { row[j] = i == j ? 0 : rdm[i, j] }
            chunk.append(encode(row))
            if chunk.count > 8 << 20 { try h.write(contentsOf: chunk); chunk.removeAll(keepingCapacity: true) }
        }
        try h.write(contentsOf: chunk)
    }

    /// NumPy format 1.0 header (`numpy.save` layout: padded with spaces to a multiple of 64, newline).
    static func npyHeader(shape: [Int], descr: String) -> Data {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var dict = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shapeText), }"
        let total = 10 + dict.utf8.count + 1
        dict += String(repeating: " ", count: (64 - total % 64) % 64) + "\n"
        var d = Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0])
        let n = dict.utf8.count
        d.append(UInt8(n & 0xFF)); d.append(UInt8(n >> 8))
        d.append(contentsOf: Array(dict.utf8))
        return d
    }
}
