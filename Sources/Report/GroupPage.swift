import Foundation
import Provenance

/// The group page (`report.html`): the run at a glance (subjects x steps with status and first
/// error, linking each subject's page), the config and provenance, and the group results.
struct GroupPage {
    let outputs: RunOutputs
    let subjects: [String]

    var html: String {
        let d = outputs.datasetDescription
        let name = (d["Name"] as? String) ?? (outputs.root as NSString).lastPathComponent
        var b = "<h1>NeuroRep report: \(HTML.escape(name))</h1>\n"
        if let g = (d["GeneratedBy"] as? [[String: Any]])?.first, let desc = g["Description"] as? String {
            b += "<p>\(HTML.escape(desc))</p>\n"
        }
        b += "<nav>" + ["Subjects and steps", "Group results", "Configuration and provenance"].map {
            "<a href=\"#\($0.lowercased().replacingOccurrences(of: " ", with: "-"))\">\(HTML.escape($0))</a>"
        }.joined() + "</nav>\n"

        b += "<h2 id=\"subjects-and-steps\">Subjects and steps</h2>\n"
        let failed = Set(outputs.steps.filter { $0.state == .failed }.map(\.subject))
        b += "<p>\(subjects.count) subject(s), \(failed.subtracting(StatusSection.phases).count) with a failed step. Each subject's name opens its page (QC, connectivity, graphs, recurrence, GLM and voxel maps, RDMs).</p>\n"
        b += StatusSection.groupTable(subjects: subjects, steps: outputs.steps)
        b += StatusSection.phaseTable(outputs.steps)
        b += "<p class=\"note\">Status from \(HTML.escape(outputs.stepsSource)).</p>\n"

        b += "<h2 id=\"group-results\">Group results</h2>\n"
        let g = GroupFigures(outputs: outputs)
        b += g.rankings()
        b += g.modelComparisons().html(prefix: "")
        b += g.shape().html(prefix: "")
        let conn = g.connectivity()
        if !conn.isEmpty { b += "<h3>Group connectivity</h3>\n" + conn.html(prefix: "") }
        let layers = g.layerRDMs()
        if !layers.isEmpty { b += "<h3>Network layers' RDMs</h3>\n" + layers.html(prefix: "") }
        let voxel = MapFigures.voxelMaps(g.group)
        if !voxel.isEmpty {
            b += "<h3>Group mean voxel maps</h3>\n" + MapFigures(outputs: outputs).section(voxel, limit: MapFigures.voxelLimit, prefix: "") { f in
                (MapFigures.voxelTitle(f, group: true), "Slices of the mean over subjects' per-run maps.")
            }
        }

        b += "<h2 id=\"configuration-and-provenance\">Configuration and provenance</h2>\n" + provenance()
        return HTML.page(title: "\(name) — NeuroRep report", body: b)
    }

    /// Tool, config (its text when the file found still has the recorded checksum), source
    /// datasets, and each kind of output's parameters as recorded in its sidecar.
    func provenance() -> String {
        let d = outputs.datasetDescription
        var rows: [[String]] = []
        if let g = (d["GeneratedBy"] as? [[String: Any]])?.first {
            rows.append(["tool", HTML.escape("\(g["Name"] as? String ?? "") \(g["Version"] as? String ?? "")")])
        }
        let config = d["PipelineConfig"] as? [String: Any]
        let path = config?["path"] as? String, sha = config?["sha256"] as? String
        if let path { rows.append(["pipeline config", HTML.escape(path)]) }
        if let sha { rows.append(["config SHA-256", "<code>\(HTML.escape(sha))</code>"]) }
        for s in (d["SourceDatasets"] as? [[String: Any]]) ?? [] {
            if let u = s["URL"] as? String { rows.append(["source dataset", HTML.escape(u)]) }
        }
        var s = HTML.table(["", ""], rows, cssClass: "provenance")
        if let path, let sha {
            let candidates = path.hasPrefix("/") ? [path] : [FileManager.default.currentDirectoryPath + "/" + path, outputs.root + "/" + path, path]
            if let text = candidates.lazy.compactMap({ try? String(contentsOfFile: $0, encoding: .utf8) }).first(where: { SHA256.hexDigest(of: $0) == sha }) {
                s += "<details open><summary>Pipeline config (\(HTML.escape(path)))</summary><pre>\(HTML.escape(text))</pre></details>\n"
            } else {
                s += "<p class=\"note\">The config file with this checksum was not found from here; the SHA-256 above identifies it.</p>\n"
            }
        }
        s += "<h3>Parameters of each kind of output</h3>\n"
        var seen = Set<String>(), prows: [[String]] = []
        for f in outputs.files {
            let kind = (f.path.hasPrefix("sub-") ? "sub-*" : (f.path.components(separatedBy: "/").first ?? "")) + " " + [f.entities["desc"], f.suffix].compactMap { $0 }.joined(separator: "_")
            guard !seen.contains(kind), let side = outputs.sidecar(of: f), let p = side["Parameters"] as? [String: Any] else { continue }
            seen.insert(kind)
            let json = (try? JSONSerialization.data(withJSONObject: p, options: [.sortedKeys, .withoutEscapingSlashes])).map { String(decoding: $0, as: UTF8.self) } ?? ""
            prows.append([HTML.escape(kind), "<code>\(HTML.escape(json))</code>"])
        }
        s += HTML.table(["output", "parameters (from its sidecar)"], prows, cssClass: "parameters")
        s += "<p class=\"note\">Every output's JSON sidecar lists the tool version, the command, every parameter and the SHA-256 of each input.</p>\n"
        return s
    }
}
