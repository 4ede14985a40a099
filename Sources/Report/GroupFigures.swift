import ArrayFiles
import Figures
import Foundation

/// The group results: each ROI's layer ranking and model comparison, the ROIs x layers mean
/// similarity, group shape distances, group connectivity, and the layers' RDMs.
struct GroupFigures {
    let outputs: RunOutputs
    func full(_ f: OutputFile) -> String { "\(outputs.root)/\(f.path)" }
    var group: [OutputFile] { outputs.files.filter { $0.path.hasPrefix("group/") } }

    /// The best-layer ranking tables as HTML.
    func rankings() -> String {
        var s = ""
        for f in group where f.suffix == "ranking" && f.fileExtension == "tsv" {
            guard let t = try? DelimitedTable.read(full(f)) else { continue }
            let rows = t.rows.map { r in r.enumerated().map { j, v in HTML.escape(j >= 2 ? SVGNumber.value(OutputTables.number(v)) : v) } }
            s += "<h3>Most similar layer per ROI (\(HTML.escape(Measures.comparison(f.entities["meas"] ?? ""))), across subjects)</h3>\n"
                + HTML.table(t.columns, rows) + "<p class=\"note\">Data: \(HTML.link(f.path, f.name)).</p>\n"
        }
        return s
    }

    /// Per model-comparison table: the comparison plot and the ROIs x layers heatmap of means.
    func modelComparisons() -> [ReportFigure] {
        var figs: [ReportFigure] = []
        for f in group where f.suffix == "modelcomparison" && f.fileExtension == "tsv" {
            let compare = Measures.comparison(f.entities["meas"] ?? "")
            let side = outputs.sidecar(of: f)
            let result = Result { try parseComparison(f, side: side) }
            figs.append(ReportFigure.attempt("Model comparison", sources: [f.path]) {
                let (rois, layers, table) = try result.get()
                let panels = rois.map { roi in
                    ModelComparisonPlot.Panel(roi: roi, entries: layers.compactMap { l in table[roi]?[l].map { .init(layer: l, mean: $0.mean, low: $0.low, high: $0.high) } },
                                              noiseCeiling: table[roi]?.values.first.map { ($0.ncLow, $0.ncHigh) })
                }
                let p = try ModelComparisonPlot(panels: panels, title: "Which layer is most like each ROI: model comparison", valueLabel: compare)
                let subjects = (side?["Subjects"] as? [String])?.count
                return ReportFigure(title: "Model comparison", body: p.svg,
                                    caption: "Per ROI, every layer's mean \(compare) with the subjects' ROI RDMs and its bootstrap 95% interval"
                                        + (subjects.map { " over \($0) subjects" } ?? "") + "; grey band: noise ceiling; orange: the best layer.",
                                    sources: [f.path])
            })
            figs.append(ReportFigure.attempt("ROIs x layers", sources: [f.path]) {
                let (rois, layers, table) = try result.get()
                let values = rois.flatMap { r in layers.map { table[r]?[$0]?.mean ?? .nan } }
                var h = try Measures.heatmap(values, rows: rois, columns: layers, title: "Mean similarity of ROIs and layers", unit: "mean \(compare)")
                h.xLabel = "network layer"; h.yLabel = "ROI"; h.printValues = true
                return ReportFigure(title: "ROIs x layers", body: h.svg, caption: "Mean \(compare) of each ROI's RDM with each layer's, across subjects.", sources: [f.path])
            })
        }
        return figs
    }

    struct Row { var mean: Double, low: Double, high: Double, ncLow: Double, ncHigh: Double }

    /// ROIs and layers in the order the sidecar lists them (else first appearance), and each row.
    func parseComparison(_ f: OutputFile, side: [String: Any]?) throws -> ([String], [String], [String: [String: Row]]) {
        let t = try DelimitedTable.read(full(f))
        func col(_ n: String) throws -> Int { try t.columnIndex(n, file: f.path) }
        let (r, l, m, lo, hi, nl, nh) = (try col("roi"), try col("layer"), try col("mean"), try col("ci_low"), try col("ci_high"),
                                         try col("noise_ceiling_lower"), try col("noise_ceiling_upper"))
        var table: [String: [String: Row]] = [:]
        var rois: [String] = [], layers: [String] = []
        for row in t.rows where row.count == t.columns.count {
            if !rois.contains(row[r]) { rois.append(row[r]) }
            if !layers.contains(row[l]) { layers.append(row[l]) }
            table[row[r], default: [:]][row[l]] = Row(mean: OutputTables.number(row[m]), low: OutputTables.number(row[lo]), high: OutputTables.number(row[hi]),
                                                       ncLow: OutputTables.number(row[nl]), ncHigh: OutputTables.number(row[nh]))
        }
        if let order = side?["Layers"] as? [String], Set(order) == Set(layers) { layers = order }
        if let order = side?["RegionNames"] as? [String], Set(order) == Set(rois) { rois = order }
        guard !rois.isEmpty else { throw ReportError("\(f.path): no rows") }
        return (rois, layers, table)
    }

    func shape() -> [ReportFigure] {
        group.filter { $0.suffix == "meandistances" && $0.fileExtension == "tsv" }.map { f in
            ReportFigure.attempt("Group shape distances", sources: [f.path]) {
                let t = try OutputTables.labelledTable(full(f), dropLast: true)
                var h = try Measures.heatmap(t.values, rows: t.rows, columns: t.columns, title: "Mean shape distance of ROIs and layers",
                                             unit: "shape distance (smaller = more alike)")
                h.xLabel = "network layer"; h.yLabel = "ROI"; h.printValues = true
                return ReportFigure(title: "Group shape distances", body: h.svg, caption: "Shape-metric distance averaged over subjects.", sources: [f.path])
            }
        }
    }

    func connectivity() -> [ReportFigure] {
        group.filter { $0.suffix == "relmat" && $0.fileExtension == "tsv" }.map { f in
            let meas = f.entities["meas"] ?? "connectivity"
            let what = f.entities["desc"] == "groupmean" ? "group reference (geometric mean)" : "mean over runs"
            let title = "Group connectivity: \(meas), \(what)"
            return ReportFigure.attempt(title, sources: [f.path]) {
                let (names, values) = try OutputTables.namedMatrix(full(f))
                var h = try Measures.heatmap(values, rows: names, columns: names, title: title, unit: Measures.connectivityUnit(meas))
                h.colorMap = .rdBuR
                h.ignoreDiagonalForRange = Measures.diagonalIsConstant(meas)
                h.xLabel = "ROI"; h.yLabel = "ROI"
                return ReportFigure(title: title, body: h.svg, caption: "Diverging colour scale centred on 0.", sources: [f.path])
            }
        }
    }

    /// Every network layer's RDM (labels from the stack's TSV, conditions from its sidecar).
    func layerRDMs() -> [ReportFigure] {
        var figs: [ReportFigure] = []
        for f in outputs.files where f.path.hasPrefix("networks/") && f.suffix == "rdms" && f.fileExtension == "npy" {
            let method = f.entities["meas"] ?? "dissimilarity"
            do {
                let s = try OutputTables.stack(full(f))
                let tsv = outputs.files.first { $0.stem == f.stem && $0.fileExtension == "tsv" }
                var labels = (1...s.count).map { "layer \($0)" }
                if let tsv, let t = try? DelimitedTable.read(full(tsv)), let n = t.columns.firstIndex(of: "network"), let l = t.columns.firstIndex(of: "layer"), t.rows.count == s.count {
                    labels = t.rows.map { "\($0[n]):\($0[l])" }
                }
                let conds = SubjectFigures(outputs: outputs, subject: "").conditions(tsv ?? f, count: s.size)
                for (i, label) in labels.enumerated() {
                    let values = Array(s.values[(i * s.size * s.size)..<((i + 1) * s.size * s.size)])
                    figs.append(ReportFigure.attempt("RDM of \(label)", sources: [f.path]) {
                        var h = try Measures.heatmap(values, rows: conds, columns: conds, title: "RDM of \(label)", unit: "dissimilarity (\(method))")
                        h.ignoreDiagonalForRange = true
                        h.matrixSize = 200
                        return ReportFigure(title: "RDM of \(label)", body: h.svg, caption: "Layer \(label): dissimilarity of every pair of conditions.",
                                            sources: i == labels.count - 1 ? [f.path] + [tsv?.path].compactMap { $0 } : [])
                    })
                }
            } catch {
                figs.append(.failure("Layer RDMs", error, sources: [f.path]))
            }
        }
        return figs
    }
}
