import Figures

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
}
