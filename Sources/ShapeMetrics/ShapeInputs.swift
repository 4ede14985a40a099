import ArrayFiles
import Foundation
import LinearAlgebra

/// What `neurorep shape --inputs` and pipelines share: reading representations from files with
/// one labelling rule, and the tables of a pairwise result (labelled matrix, per-pair report,
/// classical MDS).
public enum ShapeInputs {
    /// The layers of a file or folder, reduced to `pca` principal components when given.
    public static func layers(_ path: String, layout: LayerActivations.Layout = .automatic, pca: Int? = nil) throws -> [LayerActivation] {
        let read = try LayerActivations.read(path, layout: layout)
        guard let k = pca else { return read }
        return try read.map { try $0.principalComponents(k) }
    }

    /// Every layer of every path as one representation. Labels: the layer name for one path;
    /// with several paths, `<file stem>/<layer>`, or the file stem when it holds one layer.
    /// Two representations with one label are an error.
    public static func representations(_ paths: [String], layout: LayerActivations.Layout = .automatic, pca: Int? = nil) throws -> [ShapeRepresentation] {
        var reps: [ShapeRepresentation] = []
        for path in paths {
            let ls = try layers(path, layout: layout, pca: pca)
            let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            for l in ls {
                let label = ls.count == 1 && paths.count > 1 ? stem : (paths.count > 1 ? "\(stem)/\(l.name)" : l.name)
                reps.append(try ShapeRepresentation(l, label: label))
            }
        }
        var seen = Set<String>()
        for r in reps where !seen.insert(r.label).inserted { throw ShapeMetricsError("two representations are both labelled '\(r.label)'") }
        return reps
    }

    /// The tables written beside a pairwise matrix.
    public struct Tables {
        /// The matrix with a `label` column.
        public let distances: DelimitedTable
        /// One row per pair: distance, objective, iterations, evaluations, winning start, starts, converged.
        public let pairs: DelimitedTable
        /// Classical MDS coordinates (`dim1`...).
        public let mds: DelimitedTable
        public let mdsEigenvalues: [Double]
    }

    public static func tables(_ result: PairwiseShapeDistances.Result, mdsDimensions: Int) throws -> Tables {
        let k = result.labels.count
        let distances = DelimitedTable(columns: ["label"] + result.labels,
                                       rows: (0..<k).map { i in [result.labels[i]] + result.distances.row(i).map(DelimitedTable.format) })
        let pairs = DelimitedTable(columns: ["x", "y", "distance", "objective", "iterations", "evaluations", "winning_start", "starts", "converged"],
                                   rows: result.pairs.map { p in
                                       [result.labels[p.i], result.labels[p.j], DelimitedTable.format(p.result.distance), DelimitedTable.format(p.result.objective),
                                        "\(p.result.iterations)", "\(p.result.evaluations)", "\(p.result.winningStart)", "\(p.result.starts)",
                                        p.result.converged ? "true" : "false"]
                                   })
        let embedding = try ClassicalMDS.embed(result.distances, dimensions: mdsDimensions)
        let c = embedding.coordinates
        let mds = DelimitedTable(columns: ["label"] + (0..<c.columns).map { "dim\($0 + 1)" },
                                 rows: (0..<k).map { i in [result.labels[i]] + c.row(i).map(DelimitedTable.format) })
        return Tables(distances: distances, pairs: pairs, mds: mds, mdsEigenvalues: embedding.eigenvalues)
    }
}
