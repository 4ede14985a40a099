import Figures
import Foundation

/// Names and units of what the outputs hold, for titles, axis labels and colour bars.
enum Measures {
    /// The colour-bar label of a connectivity kind (`meas-` entity).
    static func connectivityUnit(_ meas: String) -> String {
        switch meas {
        case "correlation": return "correlation (Ledoit-Wolf, nilearn)"
        case "partialCorrelation": return "partial correlation"
        case "pearson": return "Pearson r"
        case "tangent": return "tangent-space value"
        case "covariance": return "covariance"
        case "precision": return "precision"
        default: return meas
        }
    }

    /// Correlation-like matrices have a diagonal of ones that would swamp the colour range.
    static func diagonalIsConstant(_ meas: String) -> Bool { ["correlation", "partialCorrelation", "pearson"].contains(meas) }

    /// An RDM comparison's label (`meas-` of the group files: spearman, cosine, ...).
    static func comparison(_ compare: String) -> String {
        switch compare {
        case "spearman": return "Spearman ρ"
        case "kendall", "tau-a": return "Kendall τ"
        case "corr": return "Pearson r"
        case "cosine": return "cosine similarity"
        default: return compare
        }
    }

    /// RDM dissimilarities from these methods are squared distances (rsatoolbox).
    static func rdmIsSquared(_ method: String) -> Bool { ["euclidean", "mahalanobis", "crossnobis"].contains(method) }

    /// A layer label's network (`netA:layer1` -> `netA`), for grouping points.
    static func network(of label: String) -> String? { label.firstIndex(of: ":").map { String(label[..<$0]) } }

    static func heatmap(_ values: [Double], rows: [String], columns: [String], title: String, unit: String) throws -> LabelledHeatmap {
        try LabelledHeatmap(values: values, rows: rows.count, columns: columns.count, rowLabels: rows, columnLabels: columns, title: title, unit: unit)
    }

    /// The global graph measures the graph summary shows, from a `_global.json` (the keys of
    /// `GraphExport.globalJSON`): efficiency, modularity and small-worldness first, then the rest
    /// of the scalars in key order. The JSON key is shown, so the number can be found in the file;
    /// small-worldness is `small_world.sigma` (with `gamma` and `lambda`) when it was computed.
    static func graphGlobals(_ obj: [String: Any]) -> [(name: String, value: Double)] {
        func number(_ v: Any?) -> Double? {
            (v as? NSNumber)?.doubleValue
        }
        let first = ["global_efficiency_wei", "global_efficiency_bin", "modularity_q", "n_modules"]
        var out: [(name: String, value: Double)] = first.compactMap { k in number(obj[k]).map { (k, $0) } }
        if let sw = obj["small_world"] as? [String: Any] {
            for k in ["sigma", "gamma", "lambda"] { if let v = number(sw[k]) { out.append(("small_world.\(k)", v)) } }
        }
        for k in obj.keys.sorted() where !first.contains(k) { if let v = number(obj[k]) { out.append((k, v)) } }
        return out
    }
}
