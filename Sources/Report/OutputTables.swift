import ArrayFiles
import Foundation

/// Reads the numbers the figures show from a run's TSV and NPY outputs.
enum OutputTables {
    /// A square matrix table (`Node` column of names, one column per name).
    static func namedMatrix(_ path: String) throws -> (names: [String], values: [Double]) {
        let t = try DelimitedTable.read(path)
        let names = Array(t.columns.dropFirst())
        guard t.rows.count == names.count, t.rows.allSatisfy({ $0.count == names.count + 1 }) else {
            throw ReportError("\(path): not a square matrix with a name column (\(t.rows.count) rows, \(t.columns.count) columns)")
        }
        return (names, t.rows.flatMap { $0.dropFirst().map(number) })
    }

    /// A table whose first column names the rows and whose last column is text (e.g.
    /// `roi, <layers...>, most_similar_layer`): row names, numeric column names, values.
    static func labelledTable(_ path: String, dropLast: Bool) throws -> (rows: [String], columns: [String], values: [Double]) {
        let t = try DelimitedTable.read(path)
        let cols = Array(t.columns.dropFirst().dropLast(dropLast ? 1 : 0))
        guard !t.rows.isEmpty, !cols.isEmpty else { throw ReportError("\(path): no rows or no value columns") }
        return (t.rows.map { $0[0] }, cols, t.rows.flatMap { r in r.dropFirst().prefix(cols.count).map(number) })
    }

    /// A TSV column by name as numbers (n/a and text become NaN), or nil when the column is absent.
    static func column(_ t: DelimitedTable, _ name: String) -> [Double]? {
        guard let j = t.columns.firstIndex(of: name) else { return nil }
        return t.rows.map { $0.count > j ? number($0[j]) : .nan }
    }

    static func number(_ s: String) -> Double {
        let t = s.trimmingCharacters(in: .whitespaces)
        switch t.lowercased() {
        case "inf", "+inf", "infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        default: return Double(t) ?? .nan
        }
    }

    /// An `N x K x K` stack (or one `K x K`) from NPY.
    static func stack(_ path: String) throws -> (count: Int, size: Int, values: [Double]) {
        let a = try NPY.read(path)
        guard !a.shape.isEmpty, a.shape.allSatisfy({ $0 > 0 }) else { throw ReportError("\(path): empty array (shape \(a.shape))") }
        switch a.shape.count {
        case 2 where a.shape[0] == a.shape[1]: return (1, a.shape[0], a.doubles)
        case 3 where a.shape[1] == a.shape[2]: return (a.shape[0], a.shape[1], a.doubles)
        default: throw ReportError("\(path): shape \(a.shape) is not a square matrix or a stack of them")
        }
    }
}
