import ArrayFiles
import LinearAlgebra

/// A table of distances between ROIs (rows) and network layers (columns), as pipelines write it
/// per subject (`roi`, one column per layer, `nearest_layer`), its mean over subjects, and each
/// ROI's nearest layer.
public struct ROILayerDistances: Sendable, Equatable {
    public var rois: [String]
    public var layers: [String]
    /// rois x layers.
    public var distances: Matrix<Double>

    public init(rois: [String], layers: [String], distances: Matrix<Double>) {
        self.rois = rois; self.layers = layers; self.distances = distances
    }

    /// Each ROI's nearest layer (the first of equal minima; "" when a row is all NaN).
    public var nearestLayers: [String] {
        (0..<distances.rows).map { r in
            let row = distances.row(r)
            return row.indices.filter { !row[$0].isNaN }.min { row[$0] < row[$1] }.map { layers[$0] } ?? ""
        }
    }

    /// The table as written: `roi`, the layers, `nearest_layer`.
    public var table: DelimitedTable {
        let nearest = nearestLayers
        return DelimitedTable(columns: ["roi"] + layers + ["nearest_layer"],
                              rows: rois.indices.map { [rois[$0]] + distances.row($0).map(DelimitedTable.format) + [nearest[$0]] })
    }

    /// Reads a table written by `table`.
    public static func read(_ path: String) throws -> ROILayerDistances {
        let t = try DelimitedTable.read(path)
        guard t.columns.count >= 3, t.columns.first == "roi", t.columns.last == "nearest_layer" else {
            throw ShapeMetricsError("\(path): expected the columns roi, <layers>..., nearest_layer")
        }
        let layers = Array(t.columns.dropFirst().dropLast())
        var values: [Double] = []
        for (r, row) in t.rows.enumerated() {
            for v in row.dropFirst().dropLast() {
                guard let d = Double(v) ?? (v == "n/a" ? .nan : nil) else { throw ShapeMetricsError("\(path): row \(r + 2): '\(v)' is not a number") }
                values.append(d)
            }
        }
        return ROILayerDistances(rois: t.rows.map { $0[0] }, layers: layers,
                                 distances: Matrix(rows: t.rows.count, columns: layers.count, elements: values))
    }

    /// The element-wise mean over subjects; every table must have the same ROIs and layers.
    public static func mean(_ tables: [ROILayerDistances], names: [String]) throws -> ROILayerDistances {
        guard let first = tables.first else { throw ShapeMetricsError("no distance tables to average") }
        var m = Matrix<Double>(rows: first.rois.count, columns: first.layers.count)
        for (t, name) in zip(tables, names) {
            guard t.rois == first.rois, t.layers == first.layers else {
                throw ShapeMetricsError("\(name): its ROIs or layers differ from those of \(names[0]); cannot average them")
            }
            for i in 0..<m.rows { for j in 0..<m.columns { m[i, j] += t.distances[i, j] / Double(tables.count) } }
        }
        return ROILayerDistances(rois: first.rois, layers: first.layers, distances: m)
    }
}
