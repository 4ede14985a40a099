/// One subject's page (`report/sub-<label>.html`): its steps with their status, then per run
/// the QC carpet, connectivity, graph and recurrence, then its GLM z maps and voxel maps (when the
/// run has them), then its representations.
struct SubjectPage {
    let outputs: RunOutputs
    let subject: String
    let previous: String?
    let next: String?

    static func fileName(_ subject: String) -> String { "sub-\(subject).html" }

    var html: String {
        let figs = SubjectFigures(outputs: outputs, subject: subject)
        var b = "<nav>\(HTML.link("../report.html", "← group report"))"
        if let p = previous { b += HTML.link(Self.fileName(p), "← sub-\(p)") }
        if let n = next { b += HTML.link(Self.fileName(n), "sub-\(n) →") }
        b += "</nav>\n<h1>Subject \(HTML.escape(subject))</h1>\n"
        b += "<h2>Steps</h2>\n" + StatusSection.subjectTable(outputs.steps.filter { $0.subject == subject })
        b += "<p class=\"note\">Status from \(HTML.escape(outputs.stepsSource)).</p>\n"
        for run in figs.runs {
            b += "<h2>Run \(HTML.escape(run.key))</h2>\n"
            var list: [ReportFigure] = []
            for ts in run.files where ts.suffix == "timeseries" && ts.fileExtension == "tsv" { list.append(figs.carpet(ts, runFiles: run.files)) }
            for m in run.files where m.suffix == "relmat" && m.fileExtension == "tsv" { list.append(figs.connectivity(m)) }
            for n in run.files where n.suffix == "nodes" && n.fileExtension == "tsv" { list.append(figs.graph(n, runFiles: run.files)) }
            b += list.html(prefix: "../")
            b += figs.recurrence(run.files)
        }
        let maps = MapFigures(outputs: outputs)
        let glm = MapFigures.glmMaps(figs.files)
        if !glm.isEmpty {
            b += "<h2>GLM</h2>\n<p>The z map of each contrast (fixed effects over the subject's task runs).</p>\n"
            b += maps.section(glm, limit: MapFigures.glmLimit, prefix: "../") { f in
                let c = f.entities["contrast"] ?? f.entities["desc"] ?? f.name
                return ("GLM z map: \(c)", "Slices of the z map of the contrast '\(c)' (glm stage).")
            }
        }
        let voxel = MapFigures.voxelMaps(figs.files)
        if !voxel.isEmpty {
            b += "<h2>Voxel maps</h2>\n"
            b += maps.section(voxel, limit: MapFigures.voxelLimit, prefix: "../") { f in
                (MapFigures.voxelTitle(f, group: false), "Slices of the per-voxel map (voxelgraph or seedmap stage).")
            }
        }
        let shownMaps = Set((glm.prefix(MapFigures.glmLimit) + voxel.prefix(MapFigures.voxelLimit)).map(\.path))
        let rsa = figs.files.filter { !$0.path.contains("/func/") && !$0.path.contains("/glm/") }
        if !rsa.isEmpty {
            b += "<h2>Representations</h2>\n"
            var list: [ReportFigure] = []
            for f in rsa where f.suffix == "similarity" && f.fileExtension == "tsv" { list.append(figs.similarity(f)) }
            for f in rsa where f.suffix == "distances" && f.entities["desc"] == "shape" && f.fileExtension == "tsv" { list.append(figs.similarity(f)) }
            for f in rsa where f.suffix == "pairwise" && f.fileExtension == "npy" {
                list.append(figs.shapeSpace(f, labels: rsa.first { $0.stem == f.stem && $0.fileExtension == "tsv" }))
            }
            b += list.html(prefix: "../")
            for f in rsa where f.suffix == "rdms" && f.fileExtension == "npy" {
                b += "<h3>RDMs of each ROI (\(HTML.escape(f.entities["meas"] ?? "")))</h3>\n" + figs.rdms(f).html(prefix: "../")
            }
        }
        let others = figs.files.filter { f in !shownMaps.contains(f.path) && !["timeseries", "relmat", "nodes", "rqa", "rp", "similarity", "distances", "pairwise", "rdms"].contains(f.suffix) }
        if !others.isEmpty {
            b += "<h2>Other outputs</h2>\n<ul>\n" + others.map { "<li>\(HTML.link("../" + $0.path, $0.path))</li>\n" }.joined() + "</ul>\n"
        }
        return HTML.page(title: "sub-\(subject) — NeuroRep report", body: b)
    }
}
