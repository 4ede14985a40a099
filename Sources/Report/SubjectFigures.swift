import ArrayFiles
import Figures
import Foundation
import LinearAlgebra

/// The figures of one subject's outputs: per run the QC carpet, connectivity heatmaps, graph
/// summary and recurrence plots; for the subject's representations the ROIs x layers
/// similarity, every ROI's RDM with its MDS, and the shape-metric space.
struct SubjectFigures {
    let outputs: RunOutputs
    let subject: String

    var files: [OutputFile] { outputs.files.filter { $0.subject == subject } }
    func full(_ f: OutputFile) -> String { "\(outputs.root)/\(f.path)" }

    /// Files of each run (`sub-X[_ses-Y][_task-Z][_acq-A][_run-R]`), in name order.
    var runs: [(key: String, files: [OutputFile])] {
        let funcFiles = files.filter { $0.path.contains("/func/") }
        let keys = ["sub", "ses", "task", "acq", "run"]
        let grouped = Dictionary(grouping: funcFiles) { f in keys.compactMap { k in f.entities[k].map { "\(k)-\($0)" } }.joined(separator: "_") }
        return grouped.keys.sorted().map { ($0, grouped[$0]!) }
    }

    // MARK: per run

    func carpet(_ ts: OutputFile, runFiles: [OutputFile]) -> ReportFigure {
        let title = "QC carpet: \(ts.name.replacingOccurrences(of: "_timeseries.tsv", with: ""))"
        return ReportFigure.attempt(title, sources: [ts.path]) {
            let t = try DelimitedTable.read(full(ts))
            let names = t.columns
            let side = outputs.sidecar(of: ts)
            let kept = (side?["KeptVolumes"] as? [Int]) ?? Array(0..<t.rows.count)
            let censored = (side?["CensoredVolumes"] as? [Int]) ?? []
            // the volume count a sidecar claims is believed only as far as the indices it lists reach
            let reach = max(t.rows.count, (kept.max() ?? -1) + 1, (censored.max() ?? -1) + 1)
            let total = min((side?["VolumesInput"] as? Int) ?? reach, reach)
            guard kept.count == t.rows.count, kept.allSatisfy({ $0 >= 0 && $0 < total }) else {
                throw ReportError("\(ts.path): \(t.rows.count) rows but the sidecar lists \(kept.count) kept volumes")
            }
            var signals = [[Double]](repeating: [Double](repeating: .nan, count: total), count: names.count)
            for (r, row) in t.rows.enumerated() {
                for (j, s) in row.enumerated() where j < names.count { signals[j][kept[r]] = OutputTables.number(s) }
            }
            var c = try CarpetPlot(signals: signals, rowLabels: names, title: title)
            c.censored = censored
            c.repetitionTime = side?["RepetitionTime"] as? Double
            let params = side?["Parameters"] as? [String: Any]
            c.fdThreshold = params?["fd_threshold"] as? Double
            var sources = [ts.path]
            if let conf = RunOutputs.inputs(of: side).first(where: { $0.hasSuffix("_desc-confounds_timeseries.tsv") }) {
                let path = conf.hasPrefix("/") ? conf : "\(outputs.root)/\(conf)"
                if let table = try? DelimitedTable.read(path), let fd = OutputTables.column(table, "framewise_displacement"), fd.count == total {
                    c.framewiseDisplacement = fd
                    sources.append(path.hasPrefix(outputs.root + "/") ? String(path.dropFirst(outputs.root.count + 1)) : "")
                }
            }
            sources.removeAll { $0.isEmpty }
            let fdNote = c.framewiseDisplacement == nil ? " No framewise displacement found (no confounds table among the inputs)." :
                " Below: framewise displacement from the confounds table\(c.fdThreshold.map { ", threshold \(SVGNumber.value($0)) mm" } ?? "")."
            return ReportFigure(title: title, body: c.svg,
                                caption: "Cleaned ROI signals (rows, z-scored per ROI) over the \(total) volumes; \(c.censored.count) censored volume(s) in red." + fdNote,
                                sources: sources)
        }
    }

    func connectivity(_ m: OutputFile) -> ReportFigure {
        let meas = m.entities["meas"] ?? "connectivity"
        let fisher = m.entities["desc"] == "fisherz"
        let title = "Connectivity: \(meas)\(fisher ? " (Fisher z)" : "")" + (m.entities["atlas"].map { ", atlas \($0)" } ?? "")
        return ReportFigure.attempt(title, sources: [m.path]) {
            let (names, values) = try OutputTables.namedMatrix(full(m))
            var h = try Measures.heatmap(values, rows: names, columns: names, title: title,
                                         unit: fisher ? "Fisher z of \(Measures.connectivityUnit(meas))" : Measures.connectivityUnit(meas))
            h.colorMap = .rdBuR
            h.ignoreDiagonalForRange = Measures.diagonalIsConstant(meas)
            h.xLabel = "ROI"; h.yLabel = "ROI"
            return ReportFigure(title: title, body: h.svg, caption: "Diverging colour scale centred on 0" +
                                (h.ignoreDiagonalForRange ? "; the range leaves out the diagonal." : "."), sources: [m.path])
        }
    }

    func graph(_ nodes: OutputFile, runFiles: [OutputFile]) -> ReportFigure {
        let title = "Graph summary" + (nodes.entities["meas"].map { ": \($0) matrix" } ?? "") + (nodes.entities["desc"].map { $0 == "graph" ? "" : " (\($0))" } ?? "")
        let globalFile = runFiles.first { $0.stem == nodes.stem.replacingOccurrences(of: "_nodes", with: "_global") }
        return ReportFigure.attempt(title, sources: [nodes.path] + [globalFile?.path].compactMap { $0 }) {
            let t = try DelimitedTable.read(full(nodes))
            guard let degree = OutputTables.column(t, "degree") else { throw ReportError("\(nodes.path): no 'degree' column") }
            let nameColumn = t.columns.firstIndex(of: "name") ?? 0
            let names = t.rows.map { $0[nameColumn] }
            var global: [(name: String, value: Double)] = []
            if let g = globalFile, let obj = RunOutputs.json(at: full(g)) {
                global = Measures.graphGlobals(obj)
            }
            let fig = try GraphSummaryFigure(nodeNames: names, degrees: degree, globalMeasures: global, title: title).document()
            let note = global.isEmpty ? " No global measures recorded (no numbers in the graph step's _global.json)." : ""
            return ReportFigure(title: title, body: fig.text, caption: "Degree of each ROI in the thresholded graph and its distribution." + note,
                                sources: [nodes.path] + [globalFile?.path].compactMap { $0 })
        }
    }

    /// The RQA table and the recurrence plots (PNG rasters, linked from the run's outputs).
    func recurrence(_ runFiles: [OutputFile]) -> String {
        var s = ""
        if let rqa = runFiles.first(where: { $0.suffix == "rqa" && $0.fileExtension == "tsv" }), let t = try? DelimitedTable.read(full(rqa)) {
            let shown = ["RR", "DET", "L", "L_max", "ENTR", "LAM", "TT", "RTE", "N", "eps"].filter { t.columns.contains($0) }
            let idx = shown.compactMap { t.columns.firstIndex(of: $0) }
            let rows = t.rows.map { r in [HTML.escape(r[0])] + idx.map { $0 < r.count ? HTML.escape(SVGNumber.value(OutputTables.number(r[$0]))) : "" } }
            s += "<h3>Recurrence quantification</h3>\n" + HTML.table(["ROI"] + shown, rows)
                + "<p class=\"note\">Data: \(HTML.link("../" + rqa.path, rqa.name)). RR recurrence rate, DET determinism, L mean diagonal line, LAM laminarity, TT trapping time, eps threshold.</p>\n"
        }
        let plots = runFiles.filter { $0.suffix == "rp" && $0.fileExtension == "png" }
        if !plots.isEmpty {
            s += "<h3>Recurrence plots</h3>\n<div class=\"figures\">\n"
            for p in plots {
                s += "<figure><img class=\"rp\" src=\"\(HTML.escape(HTML.url("../" + p.path)))\" alt=\"recurrence plot of \(HTML.escape(p.trailer))\">"
                    + "<figcaption>\(HTML.escape(p.trailer))</figcaption></figure>\n"
            }
            s += "</div>\n"
        }
        return s
    }

    // MARK: representations

    func similarity(_ f: OutputFile) -> ReportFigure {
        let desc = f.entities["desc"] ?? ""
        let compare = (outputs.sidecar(of: f)?["Parameters"] as? [String: Any])?["compare"] as? String
        let (title, unit, caption): (String, String, String)
        switch desc {
        case "trsa": (title, unit, caption) = ("Topological RSA: ROIs x layers", compare.map { "\(Measures.comparison($0)) (tRSA)" } ?? "similarity",
                                               "Each ROI's RDM compared with each layer's after the geo-topological transform.")
        case "shape": (title, unit, caption) = ("Shape distance: ROIs x layers", "shape distance (smaller = more alike)",
                                                "Shape-metric distance between each ROI's condition patterns and each layer's.")
        default: (title, unit, caption) = ("RSA: ROIs x layers", compare.map { Measures.comparison($0) } ?? "similarity",
                                          "Each ROI's RDM compared with each layer's RDM.")
        }
        return ReportFigure.attempt(title, sources: [f.path]) {
            let t = try OutputTables.labelledTable(full(f), dropLast: true)
            var h = try Measures.heatmap(t.values, rows: t.rows, columns: t.columns, title: title, unit: unit)
            h.xLabel = "network layer"; h.yLabel = "ROI"
            h.printValues = true
            return ReportFigure(title: title, body: h.svg, caption: caption, sources: [f.path])
        }
    }

    /// Condition names of an RDM file: its sidecar's, the layer RDMs', or the conditions table's.
    func conditions(_ f: OutputFile, count: Int) -> [String] {
        if let c = outputs.sidecar(of: f)?["Conditions"] as? [String], c.count == count { return c }
        for n in outputs.files where n.path.hasPrefix("networks/") && n.suffix == "rdms" {
            if let c = outputs.sidecar(of: n)?["Conditions"] as? [String], c.count == count { return c }
        }
        if let p = RunOutputs.inputs(of: outputs.sidecar(of: f)).first(where: { $0.hasSuffix("conditions.tsv") }),
           let t = try? DelimitedTable.read(p), let j = t.columns.firstIndex(of: "condition"), t.rows.count == count {
            return t.rows.map { $0[j] }
        }
        return (1...max(1, count)).map { "c\($0)" }
    }

    /// Each condition's category (the conditions table's `category` column), for colouring
    /// MDS points; empty strings when there is none.
    func categories(_ f: OutputFile, conditions: [String]) -> [String] {
        let tables = RunOutputs.inputs(of: outputs.sidecar(of: f)).filter { $0.hasSuffix("conditions.tsv") }
        for p in tables {
            guard let t = try? DelimitedTable.read(p), let c = t.columns.firstIndex(of: "condition"), let k = t.columns.firstIndex(of: "category") else { continue }
            let map = Dictionary(t.rows.map { ($0[c], $0[k]) }, uniquingKeysWith: { a, _ in a })
            return conditions.map { map[$0] ?? "" }
        }
        return conditions.map { _ in "" }
    }

    /// A heatmap and an MDS scatter of every ROI's RDM.
    func rdms(_ f: OutputFile) -> [ReportFigure] {
        let method = f.entities["meas"] ?? "dissimilarity"
        do {
            let s = try OutputTables.stack(full(f))
            let names = (outputs.sidecar(of: f)?["RegionNames"] as? [String]).flatMap { $0.count == s.count ? $0 : nil }
                ?? (1...s.count).map { "RDM \($0)" }
            let conds = conditions(f, count: s.size)
            let groups = categories(f, conditions: conds)
            var figs: [ReportFigure] = []
            for (i, roi) in names.enumerated() {
                let values = Array(s.values[(i * s.size * s.size)..<((i + 1) * s.size * s.size)])
                figs.append(ReportFigure.attempt("RDM of \(roi)", sources: [f.path]) {
                    var h = try Measures.heatmap(values, rows: conds, columns: conds, title: "RDM of \(roi)", unit: "dissimilarity (\(method))")
                    h.ignoreDiagonalForRange = true
                    h.matrixSize = 200
                    return ReportFigure(title: "RDM of \(roi)", body: h.svg, caption: "\(roi): dissimilarity of every pair of conditions.", sources: [])
                })
                figs.append(ReportFigure.attempt("MDS of \(roi)'s RDM", sources: [f.path]) {
                    let e = try ClassicalMDS.embed(Matrix(rows: s.size, columns: s.size, elements: values), dimensions: 2,
                                                   entriesAreSquared: Measures.rdmIsSquared(method))
                    var sc = try LabelledScatter(points: conds.enumerated().map {
                        .init(x: e.coordinates[$0.offset, 0], y: e.coordinates.columns > 1 ? e.coordinates[$0.offset, 1] : 0, label: $0.element,
                              group: groups[$0.offset])
                    }, title: "MDS of \(roi)'s RDM")
                    sc.plotSize = 200
                    return ReportFigure(title: "MDS of \(roi)", body: sc.svg, caption: "Conditions placed so that distances follow \(roi)'s RDM (classical MDS).",
                                        sources: roi == names.last ? [f.path] : [])
                })
            }
            return figs
        } catch {
            return [ReportFigure.failure("RDMs", error, sources: [f.path])]
        }
    }

    /// MDS of the shape-metric distances between every ROI and every layer.
    func shapeSpace(_ matrix: OutputFile, labels: OutputFile?) -> ReportFigure {
        let title = "Shape-metric space of ROIs and layers"
        return ReportFigure.attempt(title, sources: [matrix.path] + [labels?.path].compactMap { $0 }) {
            let s = try OutputTables.stack(full(matrix))
            guard s.count == 1 else { throw ReportError("\(matrix.path): expected one square matrix") }
            var names = (1...s.size).map { "\($0)" }
            if let l = labels, let t = try? DelimitedTable.read(full(l)), let j = t.columns.firstIndex(of: "representation"), t.rows.count == s.size {
                names = t.rows.map { $0[j] }
            }
            let e = try ClassicalMDS.embed(Matrix(rows: s.size, columns: s.size, elements: s.values), dimensions: 2)
            let sc = try LabelledScatter(points: names.enumerated().map {
                .init(x: e.coordinates[$0.offset, 0], y: e.coordinates.columns > 1 ? e.coordinates[$0.offset, 1] : 0, label: $0.element,
                      group: Measures.network(of: $0.element).map { "layer of \($0)" } ?? "ROI")
            }, title: title)
            return ReportFigure(title: title, body: sc.svg, caption: "ROIs and network layers placed by classical MDS of their pairwise shape distances.",
                                sources: [matrix.path] + [labels?.path].compactMap { $0 })
        }
    }
}
