import ArrayFiles

/// The files of `neurorep trsa identify`, shared with any other caller: the subject and region
/// labels of an RDM stack, and the accuracy table of the grid.
extension Identification {
    /// `subject` and `region` columns of a TSV, one row per RDM; every value must be an integer
    /// (a label like `nan` or `1e300` is an error naming the file and row, not a trap).
    public static func labels(tsv path: String) throws -> (subjects: [Int], regions: [Int]) {
        let t = try DelimitedTable.read(path)
        func column(_ name: String) throws -> [Int] {
            let c = try t.columnIndex(name, file: path)
            return try t.rows.enumerated().map { r, row in
                let s = row[c].trimmingCharacters(in: .whitespaces)
                if let v = Int(s) { return v }
                if let d = Double(s), d.isFinite, d == d.rounded(), abs(d) < 1e15 { return Int(d) }
                throw RSAError(path, "row \(r + 2): \(name) '\(row[c])' is not an integer label")
            }
        }
        return (try column("subject"), try column("region"))
    }

    /// One row per grid point: lower, upper, family, accuracy, and with a bootstrap its mean, SD
    /// and 95% interval.
    public static func table(_ grid: [GridPoint]) -> DelimitedTable {
        let boot = grid.contains { $0.bootstrapMean != nil }
        let f = DelimitedTable.format
        let rows = grid.map { p -> [String] in
            var row = [f(p.lower), f(p.upper), p.family.rawValue, f(p.accuracy)]
            if boot {
                row += [f(p.bootstrapMean ?? .nan), f(p.bootstrapSD ?? .nan), f(p.bootstrapCI?.0 ?? .nan), f(p.bootstrapCI?.1 ?? .nan)]
            }
            return row
        }
        return DelimitedTable(columns: ["lower", "upper", "family", "accuracy"] + (boot ? ["boot_mean", "boot_sd", "boot_ci_low", "boot_ci_high"] : []),
                              rows: rows)
    }
}
