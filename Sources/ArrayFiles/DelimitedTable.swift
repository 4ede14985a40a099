import AtomicFiles
import Foundation

/// A TSV or CSV table with a header row, as BIDS (TSV, `n/a` for missing values) and
/// spreadsheet users (CSV) exchange them.
public struct DelimitedTable: Sendable, Equatable {
    public var columns: [String]
    public var rows: [[String]]

    /// The text that marks a missing value (BIDS: `n/a`).
    public static let missing = "n/a"

    public init(columns: [String], rows: [[String]]) {
        self.columns = columns
        self.rows = rows
    }

    /// A table of numbers; NaN is written as `n/a`. Numbers use Swift's shortest
    /// round-trip representation, so reading the file back gives the same doubles.
    public init(columns: [String], numericRows: [[Double]]) {
        self.columns = columns
        self.rows = numericRows.map { $0.map(DelimitedTable.format) }
    }

    /// The separator implied by a file name: comma for `.csv`, tab otherwise.
    public static func separator(forPath path: String) -> Character { path.lowercased().hasSuffix(".csv") ? "," : "\t" }

    /// Reads a table; the separator is chosen from the extension unless given.
    public static func read(_ path: String, separator: Character? = nil) throws -> DelimitedTable {
        // Tables are read from regular files (links followed): see `FileKind`.
        if let kind = FileKind.special(atPath: path) {
            throw ArrayFileError(path: path, detail: "this is \(kind), not a regular file; tables are read from files")
        }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ArrayFileError(path: path, detail: "cannot read table (\(error.localizedDescription))")
        }
        return try parse(text, separator: separator ?? self.separator(forPath: path), name: path)
    }

    /// Parses table text. CSV fields may be double-quoted (with "" for a quote).
    public static func parse(_ text: String, separator: Character, name: String) throws -> DelimitedTable {
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        while let last = lines.last, last.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeLast() }
        guard let head = lines.first else { throw ArrayFileError(path: name, detail: "empty table (no header row)") }
        let columns = splitFields(head, separator).map { $0.trimmingCharacters(in: .whitespaces) }
        var rows: [[String]] = []
        for (i, line) in lines.dropFirst().enumerated() {
            let f = splitFields(line, separator)
            guard f.count == columns.count else {
                throw ArrayFileError(path: name, detail: "row \(i + 2) has \(f.count) fields, the header has \(columns.count)")
            }
            rows.append(f)
        }
        return DelimitedTable(columns: columns, rows: rows)
    }

    private static func splitFields(_ line: Substring, _ sep: Character) -> [String] {
        guard line.contains("\"") else { return line.split(separator: sep, omittingEmptySubsequences: false).map(String.init) }
        var fields: [String] = []
        var cur = ""
        var inQuotes = false
        var it = line.makeIterator()
        var pending: Character? = nil
        while let c = pending ?? it.next() {
            pending = nil
            if inQuotes {
                if c == "\"" {
                    if let n = it.next() {
                        if n == "\"" { cur.append("\"") } else { inQuotes = false; pending = n }
                    } else { inQuotes = false }
                } else { cur.append(c) }
            } else if c == "\"" { inQuotes = true }
            else if c == sep { fields.append(cur); cur = "" }
            else { cur.append(c) }
        }
        fields.append(cur)
        return fields
    }

    /// The index of a column, or an error naming the file's columns. A name the header holds
    /// twice is an error too: which of the two columns was meant cannot be known (pandas would
    /// rename the second `name.1` and use the first; a silently chosen column is a silently
    /// wrong input).
    public func columnIndex(_ name: String, file: String = "table") throws -> Int {
        guard let i = columns.firstIndex(of: name) else {
            throw ArrayFileError(path: file, detail: "no column '\(name)' (columns: \(columns.joined(separator: ", ")))")
        }
        if let j = columns[(i + 1)...].firstIndex(of: name) {
            throw ArrayFileError(path: file, detail: "the header names column '\(name)' twice (columns \(i + 1) and \(j + 1)); which one is meant is ambiguous: rename or remove one")
        }
        return i
    }

    /// A column as numbers: `n/a` and empty fields are NaN; any other non-number is an error.
    public func numericColumn(_ name: String, file: String = "table") throws -> [Double] {
        let j = try columnIndex(name, file: file)
        return try rows.enumerated().map { i, r in try Self.parseNumber(r[j], file: file, row: i + 2, column: name) }
    }

    /// All columns as numbers, row by row.
    public func numericRows(file: String = "table") throws -> [[Double]] {
        try rows.enumerated().map { i, r in
            try r.enumerated().map { j, v in try Self.parseNumber(v, file: file, row: i + 2, column: columns[j]) }
        }
    }

    static func parseNumber(_ s: String, file: String, row: Int, column: String) throws -> Double {
        let t = s.trimmingCharacters(in: .whitespaces)
        if t.isEmpty || t == missing || t.lowercased() == "nan" { return .nan }
        if let v = Double(t) { return v }
        switch t.lowercased() {
        case "inf", "+inf", "infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        default: throw ArrayFileError(path: file, detail: "row \(row), column '\(column)': '\(s)' is not a number")
        }
    }

    /// A number as written to tables: shortest round-trip form, `n/a` for NaN, integers
    /// without a trailing ".0".
    public static func format(_ v: Double) -> String {
        if v.isNaN { return missing }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        if v == v.rounded() && Swift.abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }

    /// The table as text.
    public func text(separator: Character = "\t") -> String {
        func quote(_ f: String) -> String {
            guard separator == ",", f.contains(",") || f.contains("\"") else { return f }
            return "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        var out = columns.map(quote).joined(separator: String(separator)) + "\n"
        for r in rows { out += r.map(quote).joined(separator: String(separator)) + "\n" }
        return out
    }

    /// Writes the table atomically; separator from the extension unless given.
    public func write(to path: String, separator: Character? = nil) throws {
        try AtomicFile.write(text(separator: separator ?? Self.separator(forPath: path)), to: path)
    }
}
