import ArrayFiles
import Foundation
import NIfTI
import Pipeline
import Provenance
@testable import Report
import TestSupport
import XCTest

/// The report on small output folders written here: names parsed as BIDS entities, sidecars
/// found beside a file or per stem, step status from the run ledger Pipeline writes (its unit
/// states: the current key of each planned unit, the root cause as first error), and pages whose links resolve, whose names are
/// visible text, and whose bytes are the same on a rerun.
final class ReportTests: XCTestCase {
    var root = ""

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: root) }

    func write(_ rel: String, _ text: String) throws {
        let path = "\(root)/\(rel)"
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    func sidecar(_ rel: String, details: [String: ProvenanceValue]) throws {
        // the sidecar of the file's own stem (x.json for x.tsv), written by hand
        let record = ProvenanceRecord(command: "test", parameters: ["kind": "correlation"], details: details)
        try write(OutputUnit.sidecarPath(stem: OutputUnit.stem(of: rel)), record.value.jsonText(indent: 0) + "\n")
    }

    func testNamesAreParsedAsBIDSEntities() {
        let a = OutputFile.parse(name: "sub-01_task-rest_atlas-sample_meas-correlation_relmat.tsv")
        XCTAssertEqual(a.entities, ["sub": "01", "task": "rest", "atlas": "sample", "meas": "correlation"])
        XCTAssertEqual(a.suffix, "relmat")
        XCTAssertEqual(a.ext, "tsv")
        let b = OutputFile.parse(name: "sub-01_task-rest_atlas-sample_rp_V1_left-a.png")
        XCTAssertEqual(b.suffix, "rp")
        XCTAssertEqual(b.trailer, "V1_left-a")
        let c = OutputFile.parse(name: "layers_meas-correlation_rdms.npy")
        XCTAssertEqual(c.entities, ["meas": "correlation", "label": "layers"])
        XCTAssertEqual(c.suffix, "rdms")
        let d = OutputFile.parse(name: "sub-02_space-MNI_desc-preproc_bold.nii.gz")
        XCTAssertEqual(d.ext, "nii.gz")
        XCTAssertEqual(d.suffix, "bold")
        XCTAssertEqual(d.entities["desc"], "preproc")
    }

    func testSidecarsBesideTheFileOrPerStem() throws {
        try write("sub-01/func/sub-01_a_relmat.tsv", "Node\tV1\nV1\t1\n")
        try write("sub-01/func/sub-01_a_relmat.json", "{}")
        try write("sub-01/func/sub-01_desc-graph_nodes.tsv", "node\tname\tdegree\n1\tV1\t0\n")
        try write("sub-01/func/sub-01_desc-graph.json", "{\"Files\": [\"sub-01_desc-graph_nodes.tsv\"]}")
        try write("sub-01/func/sub-01_desc-other_nodes.tsv", "node\tname\tdegree\n1\tV1\t0\n")
        try write("sub-01/func/sub-01_desc-other.json", "{\"Files\": []}")
        let o = try RunOutputs.read(root: root)
        let bySuffix = Dictionary(uniqueKeysWithValues: o.files.map { ($0.name, $0) })
        XCTAssertEqual(bySuffix["sub-01_a_relmat.tsv"]?.sidecar, "sub-01/func/sub-01_a_relmat.json")
        XCTAssertEqual(bySuffix["sub-01_desc-graph_nodes.tsv"]?.sidecar, "sub-01/func/sub-01_desc-graph.json")
        XCTAssertNil(bySuffix["sub-01_desc-other_nodes.tsv"]?.sidecar, "a stem sidecar that does not name the file is not its sidecar")
        XCTAssertNil(bySuffix["sub-01_a_relmat.json"], "sidecars are not data files")
        XCTAssertNotNil(bySuffix["sub-01_desc-other.json"], "a JSON no file claims is listed as data")
        XCTAssertEqual(o.stepsSource, "the outputs on disk (no run ledger in .neurorep/)")
        XCTAssertEqual(o.steps.map(\.step), ["json", "nodes", "relmat"], "without a ledger, one entry per kind of output")
    }

    func testStepStatusFromTheRunLedger() throws {
        let ledger = try RunLedger(outputRoot: root)
        try ledger.recordDone(key: "a", subject: "01", step: "timeseries atlas-x", outputs: [], seconds: 1, toolVersion: "t")
        try ledger.recordFailure(key: "b", subject: "02", step: "connectivity atlas-x", error: "not run: an input step failed (b)", seconds: 0, toolVersion: "t")
        try ledger.recordFailure(key: "c", subject: "02", step: "timeseries atlas-x", error: "sub-02_bold.nii.gz: gzip stream cut short", seconds: 1, toolVersion: "t")
        try ledger.recordFailure(key: "d", subject: "01", step: "graph atlas-x", error: "old failure", seconds: 1, toolVersion: "t")
        try ledger.recordDone(key: "e", subject: "01", step: "graph atlas-x", outputs: [], seconds: 1, toolVersion: "t")
        try ledger.recordDone(key: "f", subject: "group", step: "average atlas-x", outputs: [], seconds: 1, toolVersion: "t")
        // the runs' plans: 01's graph was planned under "d" and later under "e" (the newer key
        // replaces the older, so the old failure does not show); the model comparison never ran
        try ledger.recordPlan([("d", "01", "graph atlas-x")])
        try ledger.recordPlan([("a", "01", "timeseries atlas-x"), ("b", "02", "connectivity atlas-x"), ("c", "02", "timeseries atlas-x"),
                               ("e", "01", "graph atlas-x"), ("f", "group", "average atlas-x"), ("g", "group", "modelcomparison atlas-x")])
        let o = try RunOutputs.read(root: root)
        XCTAssertEqual(o.stepsSource, "the run ledger (.neurorep/ledger.sqlite)")
        let states = o.steps.map { "\($0.subject) \($0.step) \($0.state.rawValue)" }
        XCTAssertEqual(states, ["01 graph atlas-x done", "01 timeseries atlas-x done", "02 connectivity atlas-x failed",
                                "02 timeseries atlas-x failed", "group average atlas-x done", "group modelcomparison atlas-x pending"])
        // the same states `neurorep status` reads (one definition of a unit's state)
        XCTAssertEqual(o.steps.map(\.state.rawValue), try ledger.unitStates().map(\.state.rawValue))
        // the root cause, not the blocked step, is the subject's first error
        XCTAssertEqual(StatusSection.firstError(o.steps.filter { $0.subject == "02" })?.step, "timeseries atlas-x")
        let w = try RunReport.write(outputRoot: root)
        XCTAssertEqual(w.pages, ["report.html", "report/sub-01.html", "report/sub-02.html"])
        let page = try HTMLPageCheck(path: "\(root)/report.html")
        XCTAssertTrue(page.visibleText.contains("timeseries atlas-x: sub-02_bold.nii.gz: gzip stream cut short"), page.visibleText)
        XCTAssertTrue(page.html.contains("<td class=\"failed\">failed</td>"))
        XCTAssertTrue(page.html.contains("<td class=\"blocked\">not run</td>"), "a step blocked by a failed input is told apart")
        XCTAssertTrue(page.html.contains("<td class=\"missing\">pending</td>"), "a planned step that has not run is pending")
        XCTAssertEqual(page.unresolved, [])
    }

    /// Two subjects with a time series, a connectivity matrix and RSA similarity, and a group
    /// model comparison: the pages show every name, link every file, and rerun identically.
    func testReportOfASmallRun() throws {
        let rois = ["V1", "V2 & V3", "IT"], layers = ["netA:layer1", "netA:layer2"]
        for s in ["01", "02"] {
            let f = "sub-\(s)/func/sub-\(s)_task-rest_atlas-toy"
            var ts = rois.joined(separator: "\t") + "\n"
            for t in 0..<9 { ts += rois.indices.map { "\(sin(Double(t * ($0 + 1))))" }.joined(separator: "\t") + "\n" }
            try write(f + "_timeseries.tsv", ts)
            try sidecar(f + "_timeseries.tsv", details: ["KeptVolumes": .ints([0, 1, 2, 3, 5, 6, 7, 8, 9]), "CensoredVolumes": .ints([4]),
                                                         "VolumesInput": .int(10), "RepetitionTime": .double(2), "RegionNames": .strings(rois)])
            var m = "Node\t" + rois.joined(separator: "\t") + "\n"
            for (i, r) in rois.enumerated() { m += r + "\t" + rois.indices.map { $0 == i ? "1" : "0.\(i + $0)" }.joined(separator: "\t") + "\n" }
            try write(f + "_meas-pearson_relmat.tsv", m)
            try sidecar(f + "_meas-pearson_relmat.tsv", details: [:])
            let rsa = "sub-\(s)/rsa/sub-\(s)_atlas-toy_desc-rsa_similarity.tsv"
            try write(rsa, "roi\t" + layers.joined(separator: "\t") + "\tmost_similar_layer\n" + rois.map { "\($0)\t0.5\t0.25\tnetA:layer1\n" }.joined())
            try sidecar(rsa, details: [:])
        }
        var mc = "roi\tlayer\tmean\tsem\tci_low\tci_high\tp_vs_zero\tnoise_ceiling_lower\tnoise_ceiling_upper\trank\n"
        for r in rois { for (k, l) in layers.enumerated() { mc += "\(r)\t\(l)\t\(0.6 - Double(k) * 0.3)\t0.1\t0.1\t0.8\t0.01\t0.7\t0.9\t\(k + 1)\n" } }
        try write("group/atlas-toy_meas-spearman_desc-layers_modelcomparison.tsv", mc)
        try sidecar("group/atlas-toy_meas-spearman_desc-layers_modelcomparison.tsv", details: ["Layers": .strings(layers), "RegionNames": .strings(rois)])
        try write("group/atlas-toy_meas-spearman_desc-bestlayer_ranking.tsv", "roi\tmost_similar_layer\tmean\tp_vs_zero\n" + rois.map { "\($0)\tnetA:layer1\t0.6\t0.01\n" }.joined())
        try write("dataset_description.json", "{\"Name\": \"toy <study>\", \"GeneratedBy\": [{\"Name\": \"NeuroRep\", \"Version\": \"0.1.0\"}]}")

        let w = try RunReport.write(outputRoot: root)
        XCTAssertEqual(w.pages, ["report.html", "report/sub-01.html", "report/sub-02.html"])
        let first = try w.pages.map { try Data(contentsOf: URL(fileURLWithPath: "\(root)/\($0)")) }
        // report.json is the report's one sidecar: every page with its SHA-256, no page is a sidecar
        let sidecar = try JSONValue.load("\(root)/report.json")
        XCTAssertEqual(sidecar["GeneratedBy"][0]["Command"].string, "neurorep report")
        XCTAssertEqual(sidecar["Files"].array.compactMap { $0["path"].string }, w.pages)
        for f in sidecar["Files"].array {
            let rel = try XCTUnwrap(f["path"].string)
            XCTAssertEqual(f["sha256"].string, try SHA256.hexDigest(ofFile: "\(root)/\(rel)"), rel)
            XCTAssertFalse(f["holds"].string?.isEmpty ?? true, rel)
        }
        XCTAssertTrue(sidecar["Inputs"].array.contains { $0["path"].string == "dataset_description.json" })
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root).filter { $0.hasPrefix(".neurorep-staging") }, [], "no staging left")
        for rel in w.pages {
            let page = try HTMLPageCheck(path: "\(root)/\(rel)")
            XCTAssertEqual(page.unresolved, [], rel)
            XCTAssertEqual(page.networkReferences, [], rel)
            for r in rois { XCTAssertTrue(page.visibleText.contains(r), "\(rel) does not show \(r)") }
            XCTAssertFalse(page.html.contains("not drawn"), rel)
        }
        let group = try HTMLPageCheck(path: "\(root)/report.html")
        XCTAssertTrue(group.visibleText.contains("NeuroRep report: toy <study>"))
        for l in layers { XCTAssertTrue(group.visibleText.contains(l), l) }
        for s in ["sub-01", "sub-02"] { XCTAssertTrue(group.visibleText.contains(s), s) }
        XCTAssertTrue(group.fileReferences.contains("report/sub-01.html"))
        XCTAssertEqual(group.labelledSVGFigures, 2, "model comparison and ROIs x layers")
        let subject = try HTMLPageCheck(path: "\(root)/report/sub-01.html")
        XCTAssertEqual(subject.labelledSVGFigures, 3, "carpet, connectivity, RSA similarity")
        XCTAssertTrue(subject.html.contains("censored volumes (1 of 10)"))
        XCTAssertTrue(subject.fileReferences.contains("../sub-01/func/sub-01_task-rest_atlas-toy_meas-pearson_relmat.tsv"))
        // a rerun over the same outputs writes the same bytes (the report's own files are not its inputs)
        _ = try RunReport.write(outputRoot: root)
        XCTAssertEqual(try w.pages.map { try Data(contentsOf: URL(fileURLWithPath: "\(root)/\($0)")) }, first)
    }

    /// The engine's layout for graph metrics: `x_desc-graph_nodes.tsv` and `x_desc-graph_global.json`
    /// under one sidecar `x_desc-graph.json` (written by `OutputUnit`): the global file is data with
    /// that sidecar, and the graph summary shows efficiency, modularity and small-worldness.
    func testGraphSummaryShowsTheGlobalMeasuresOfTheEngineLayout() throws {
        let stem = "\(root)/sub-01/func/sub-01_task-rest_atlas-x_meas-correlation_desc-graph"
        try OutputUnit.write(root: root) { unit in
            try Data("node\tname\tdegree\n1\tV1\t1\n2\tV2\t2\n3\tIT\t1\n".utf8)
                .write(to: URL(fileURLWithPath: try unit.path(for: stem + "_nodes.tsv", holds: "node metrics")))
            let global = #"{"global_efficiency_wei": 0.375, "modularity_q": 0.125, "n_modules": 2, "#
                + #""small_world": {"sigma": 1.5, "gamma": 1.25, "lambda": 0.75}, "louvain": {"seed": 0}}"#
            try Data(global.utf8).write(to: URL(fileURLWithPath: try unit.path(for: stem + "_global.json", holds: "global metrics")))
            try unit.describe(stem: stem, record: ProvenanceRecord(command: "test"))
        }
        let o = try RunOutputs.read(root: root)
        let rel = "sub-01/func/sub-01_task-rest_atlas-x_meas-correlation_desc-graph"
        XCTAssertEqual(o.files.map(\.path), [rel + "_global.json", rel + "_nodes.tsv"], "the sidecar is not data, the global metrics are")
        XCTAssertEqual(o.files.map(\.sidecar), [rel + ".json", rel + ".json"])
        _ = try RunReport.write(outputRoot: root)
        let page = try HTMLPageCheck(path: "\(root)/report/sub-01.html")
        let text = page.visibleText
        for shown in ["global_efficiency_wei", "0.375", "modularity_q", "0.125", "n_modules", "small_world.sigma", "1.5",
                      "small_world.gamma", "small_world.lambda"] {
            XCTAssertTrue(text.contains(shown), "the graph summary does not show \(shown)")
        }
        XCTAssertFalse(text.contains("No global measures recorded"))
        XCTAssertFalse(page.html.contains("not drawn"))
    }

    /// GLM z maps and voxel maps (written here with NIfTIWriter) become slice figures: a GLM
    /// section and a voxel maps section on the subject page, group means on the group page; maps
    /// not drawn (effects, the 4D condition stack) stay linked; a broken map is a note naming it.
    func testGLMAndVoxelMapsAreDrawnAsSlices() throws {
        let shape = [6, 5, 4]
        // i runs to the subject's left (x decreasing), z = 2k - 4 mm
        let affine = Affine(rows: [[-2, 0, 0, 10], [0, 2, 0, -10], [0, 0, 2, -4], [0, 0, 0, 1]])
        func map(_ rel: String, _ scale: Float, volumes: Int = 1) throws {
            let path = "\(root)/\(rel)"
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            let n = shape.reduce(1, *) * volumes
            try NIfTIWriter.write((0..<n).map { Float($0 % 7) * scale - 2 }, shape: volumes > 1 ? shape + [volumes] : shape, affine: affine, to: path)
        }
        let glm = "sub-01/glm/sub-01_task-objects"
        try map(glm + "_contrast-faces_stat-z_statmap.nii.gz", 1)
        try map(glm + "_contrast-houses_stat-z_statmap.nii.gz", -1)
        try map(glm + "_contrast-faces_stat-effect_statmap.nii.gz", 0.5)
        try map(glm + "_desc-conditions_stat-effect_statmap.nii.gz", 0.5, volumes: 2)
        try map("sub-01/func/sub-01_task-rest_stat-degree_boldmap.nii.gz", 3)
        try map("sub-01/func/sub-01_task-rest_desc-pcc_stat-z_boldmap.nii.gz", 1)
        try map("group/desc-groupmean_stat-degree_boldmap.nii.gz", 2)

        let w = try RunReport.write(outputRoot: root)
        XCTAssertEqual(w.pages, ["report.html", "report/sub-01.html"])
        let first = try w.pages.map { try Data(contentsOf: URL(fileURLWithPath: "\(root)/\($0)")) }
        let subject = try HTMLPageCheck(path: "\(root)/report/sub-01.html")
        XCTAssertEqual(subject.unresolved, [])
        XCTAssertFalse(subject.html.contains("not drawn"), subject.html)
        XCTAssertTrue(subject.html.contains("<h2>GLM</h2>") && subject.html.contains("<h2>Voxel maps</h2>"))
        XCTAssertFalse(subject.html.contains("<h2>Representations</h2>"), "GLM outputs are not representations")
        for t in ["GLM z map: faces", "GLM z map: houses", "Voxel map: degree (task-rest)", "Voxel map: seed pcc, z (task-rest)",
                  "z = -4 mm", "z = 2 mm", "degree (edges)"] {
            XCTAssertTrue(subject.visibleText.contains(t), t)
        }
        XCTAssertEqual(subject.labelledSVGFigures, 4)
        XCTAssertEqual(subject.html.components(separatedBy: "data:image/png;base64,").count - 1, 4, "one raster per map")
        // the maps not drawn stay listed among the other outputs
        XCTAssertTrue(subject.fileReferences.contains("../sub-01/glm/sub-01_task-objects_contrast-faces_stat-effect_statmap.nii.gz"))
        XCTAssertTrue(subject.fileReferences.contains("../sub-01/glm/sub-01_task-objects_desc-conditions_stat-effect_statmap.nii.gz"))
        let group = try HTMLPageCheck(path: "\(root)/report.html")
        XCTAssertTrue(group.visibleText.contains("Group mean voxel map: degree"))
        XCTAssertEqual(group.labelledSVGFigures, 1)
        _ = try RunReport.write(outputRoot: root)
        XCTAssertEqual(try w.pages.map { try Data(contentsOf: URL(fileURLWithPath: "\(root)/\($0)")) }, first, "byte-identical rerun")

        // a map that cannot be read is a note naming its file
        try write("sub-01/func/sub-01_task-rest_stat-ecm_boldmap.nii.gz", "not a NIfTI")
        _ = try RunReport.write(outputRoot: root)
        let broken = try String(contentsOfFile: "\(root)/report/sub-01.html", encoding: .utf8)
        XCTAssertTrue(broken.contains("Voxel map: ecm (task-rest): not drawn"), broken)
        XCTAssertTrue(broken.contains("sub-01_task-rest_stat-ecm_boldmap.nii.gz"))
    }

    func testAnUnreadableOutputBecomesANoteNotAFailedReport() throws {
        try write("sub-01/func/sub-01_task-rest_meas-pearson_relmat.tsv", "Node\tV1\tV2\nV1\t1\t0\n")
        let w = try RunReport.write(outputRoot: root)
        let html = try String(contentsOfFile: "\(root)/\(w.pages[1])", encoding: .utf8)
        XCTAssertTrue(html.contains("not drawn"), html)
        XCTAssertTrue(html.contains("not a square matrix"), html)
    }

    func testPageCheckFindsBrokenLinksAndHiddenText() throws {
        try write("a.png", "x")
        let html = "<html data-errors=\"boom &amp; more\"><head><title>T1</title><script>var s = 'S1';</script></head><body>"
            + "<p title=\"A1\">V1 &amp; V2</p><img src=\"a.png\"><img src=\"missing%20one.png\"><a href=\"#top\">x</a>"
            + "<a href=\"https://example.org/x\">y</a><svg><title>tip</title><text x=\"1\">IT</text></svg><svg><rect/></svg></body></html>"
        let page = HTMLPageCheck(path: "\(root)/page.html", html: html)
        XCTAssertEqual(page.unresolved, ["missing%20one.png"])
        XCTAssertEqual(page.networkReferences, ["https://example.org/x"])
        let text = page.visibleText
        XCTAssertTrue(text.contains("V1 & V2") && text.contains("IT"), text)
        for hidden in ["T1", "S1", "A1", "tip"] { XCTAssertFalse(text.contains(hidden), hidden) }
        XCTAssertEqual(page.svgFigures.count, 2)
        XCTAssertEqual(page.labelledSVGFigures, 1)
        XCTAssertEqual(page.rootAttribute("data-errors"), "boom & more")
        XCTAssertNil(page.rootAttribute("data-broken-images"))
    }

    func testOutputsThatCannotBeDrawnBecomeNotesNamingTheFile() throws {
        try write("sub-01/func/sub-01_task-rest_meas-correlation_desc-graph_nodes.tsv", "node\tname\tdegree\n1\tV1\t1e300\n")
        try NPY.write([], shape: [0, 3, 3], to: "\(root)/sub-01/rsa/sub-01_meas-correlation_rdms.npy")
        try write("sub-01/func/sub-01_task-rest_atlas-x_timeseries.tsv", "V1\n1\n2\n")
        try sidecar("sub-01/func/sub-01_task-rest_atlas-x_timeseries.tsv", details: ["VolumesInput": .int(1_000_000_000), "KeptVolumes": .ints([0, 1])])
        let w = try RunReport.write(outputRoot: root)
        let page = try HTMLPageCheck(path: "\(root)/\(w.pages[1])")
        XCTAssertTrue(page.html.contains("degree 1e+300 is not a count"), page.html)
        XCTAssertTrue(page.html.contains("sub-01/rsa/sub-01_meas-correlation_rdms.npy: empty array"), "paths relative to the output folder")
        XCTAssertFalse(page.html.contains(root))
        // a sidecar's claim of a billion volumes is believed only as far as its indices reach
        XCTAssertTrue(page.html.contains("over the 2 volumes"), page.html)
    }

    func testAMissingOutputFolderIsAnErrorNamingIt() {
        XCTAssertThrowsError(try RunReport.write(outputRoot: root + "/nope")) { e in
            XCTAssertTrue("\(e)".contains("nope") && "\(e)".contains("no such output folder"), "\(e)")
        }
    }
}
