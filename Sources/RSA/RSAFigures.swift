import ArrayFiles
import Figures
import LinearAlgebra

/// Pictures of RDMs shared by the RSA commands.
public enum RSAFigures {
    public static func heatmap(_ rdm: RDM) -> Heatmap {
        var h = Heatmap(values: rdm.square.elements, rows: rdm.conditions, columns: rdm.conditions)
        h.ignoreDiagonalForRange = true
        return h
    }

    public static func mdsPlot(_ r: ClassicalMDS.Embedding) -> ScatterPlot {
        ScatterPlot(x: r.coordinates.column(0), y: r.coordinates.columns > 1 ? r.coordinates.column(1) : [Double](repeating: 0, count: r.coordinates.rows))
    }

    /// The identification accuracy of the authors' grid as a 20 x 20 heatmap: row i = lower
    /// 0.05 i, column j = upper 0.05 (j + 1); points off that lattice are left out.
    public static func identificationHeatmap(_ grid: [Identification.GridPoint]) -> Heatmap {
        var values = [Double](repeating: .nan, count: 400)
        for p in grid {
            let i = Int((p.lower * 20).rounded()), j = Int((p.upper * 20).rounded()) - 1
            if (0..<20).contains(i), (0..<20).contains(j) { values[i * 20 + j] = p.accuracy }
        }
        var map = Heatmap(values: values, rows: 20, columns: 20)
        map.range = (0, 1)
        return map
    }

    public static func mdsTable(_ r: ClassicalMDS.Embedding, names: [String]?) -> DelimitedTable {
        let rows = (0..<r.coordinates.rows).map { i in [names?[i] ?? "\(i)"] + r.coordinates.row(i).map(DelimitedTable.format) }
        return DelimitedTable(columns: ["condition"] + (1...r.coordinates.columns).map { "mds\($0)" }, rows: rows)
    }
}
