import ArrayFiles

/// Region names for label values, from a BIDS `dseg.tsv` look-up table (columns `index` and
/// `name`; other columns such as `color` are ignored), as nilearn's `lut=` argument reads it.
public struct LabelLookup: Sendable, Equatable {
    /// Name by label value.
    public var names: [Double: String]

    public init(names: [Double: String]) { self.names = names }

    /// Reads a TSV (or CSV) with `index` and `name` columns. Duplicate indices are an error.
    public static func read(path: String) throws -> LabelLookup {
        let table: DelimitedTable
        do { table = try DelimitedTable.read(path) } catch {
            throw ROIExtractionError(path: path, kind: .badLookupTable, detail: "cannot read the look-up table (\(error))")
        }
        guard let ii = table.columns.firstIndex(of: "index"), let ni = table.columns.firstIndex(of: "name") else {
            throw ROIExtractionError(path: path, kind: .badLookupTable,
                                     detail: "a look-up table needs the columns 'index' and 'name' (BIDS dseg.tsv); found: \(table.columns.joined(separator: ", "))")
        }
        var names: [Double: String] = [:]
        for (r, row) in table.rows.enumerated() {
            guard let v = Double(row[ii].trimmingCharacters(in: .whitespaces)) else {
                throw ROIExtractionError(path: path, kind: .badLookupTable, detail: "row \(r + 2): index '\(row[ii])' is not a number")
            }
            if names[v] != nil {
                throw ROIExtractionError(path: path, kind: .badLookupTable, detail: "row \(r + 2): index \(row[ii]) appears twice")
            }
            names[v] = row[ni].trimmingCharacters(in: .whitespaces)
        }
        return LabelLookup(names: names)
    }

    /// The name of a label, or nil when the table lacks it.
    public func name(for label: Double) -> String? { names[label] }

    /// The one naming rule for regions, everywhere (time series headers, RDM stacks, similarity
    /// and shape tables): the table's name, else `defaultName`.
    public static func regionName(_ label: Double, in lookup: LabelLookup?) -> String {
        lookup?.name(for: label) ?? defaultName(for: label)
    }

    /// The default name of a label without a table entry: `label-<value>` (integers without ".0").
    public static func defaultName(for label: Double) -> String {
        "label-" + (label == label.rounded() && abs(label) < 1e15 ? String(Int64(label)) : "\(label)")
    }
}
