import ArrayFiles
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import NIfTI
import TestSupport
import XCTest

/// `Pipelines/sample.yaml` end to end, every stage: every output parses and is named with its
/// SHA-256 by a provenance sidecar; graph metrics equal `neurorep graph` and RSA similarities
/// equal `neurorep compare` on the same inputs; a run killed in the middle of committing a unit
/// (several times) resumes to byte-identical files with no temporary file left; concurrent
/// shards plus `--group-only`, and two concurrent full runs, give the files of one run.
final class SamplePipelineTests: XCTestCase {
    static let config = CLI.repo + "/Pipelines/sample.yaml"

    /// One uninterrupted run, shared by the tests (the reference of every comparison).
    static let reference: (root: String, files: [String: Data]) = {
        let root = CLI.temporaryDirectory("sample-reference")
        let r = try? CLI.run(["run", config, "--out", root])
        precondition(r?.status == 0, "the reference run failed: \(r?.err ?? "")")
        return (root, CLI.files(under: root))
    }()

    override class func tearDown() {
        try? FileManager.default.removeItem(atPath: reference.root)
    }

    func compareWithReference(_ root: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        let files = CLI.files(under: root)
        XCTAssertEqual(Set(files.keys), Set(Self.reference.files.keys), "\(what): other files than one run's", file: file, line: line)
        for (rel, data) in Self.reference.files where files[rel] != data {
            XCTFail("\(what): \(rel) differs from one run's", file: file, line: line)
        }
    }

    /// Staging folders and temporary files anywhere under `root` (the ledger's own files aside).
    func leftovers(_ root: String) -> [String] {
        let all = FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []
        return all.filter { rel in
            let name = (rel as NSString).lastPathComponent
            return name.hasPrefix(".neurorep-staging-") || name.contains(".tmp-")
        }
    }

    static func ranCount(_ out: String) -> Int {
        guard let m = out.range(of: #"(\d+) ran,"#, options: .regularExpression) else { return -1 }
        return Int(out[m].dropLast(5)) ?? -1
    }

    // MARK: - every output

    func testEveryOutputParsesAndEveryDataFileIsNamedWithItsChecksum() throws {
        let (root, files) = Self.reference
        XCTAssertGreaterThan(files.count, 150)
        var described: [String: String] = [:]   // data file -> sha256 its sidecar gives
        var sidecars: Set<String> = []
        for rel in files.keys where rel.hasSuffix(".json") {
            let j = try JSONValue.load("\(root)/\(rel)")
            guard !j["Files"].array.isEmpty else { continue }
            sidecars.insert(rel)
            XCTAssertEqual(j["GeneratedBy"][0]["Name"].string, "NeuroRep", rel)
            XCTAssertNotNil(j["PipelineConfig"]["sha256"].string, rel)
            for input in j["Inputs"].array { XCTAssertEqual(input["sha256"].string?.count, 64, rel) }
            let folder = (rel as NSString).deletingLastPathComponent
            for f in j["Files"].array {
                let name = try XCTUnwrap(f["path"].string)
                XCTAssertFalse(f["holds"].string?.isEmpty ?? true, "\(rel): says what \(name) holds")
                described[folder.isEmpty ? name : "\(folder)/\(name)"] = f["sha256"].string
            }
            XCTAssertNil(j["RecordedAt"].string, "no wall-clock time in \(rel)")
        }
        let sums = try sha256sums(root, Array(files.keys))
        for (rel, data) in files {
            let path = "\(root)/\(rel)"
            // every file parses
            switch (rel as NSString).pathExtension {
            case "tsv": XCTAssertNoThrow(try DelimitedTable.read(path), rel)
            case "npy": XCTAssertNoThrow(try NPY.read(path), rel)
            case "gz" where rel.hasSuffix(".nii.gz"): XCTAssertNoThrow(try NIfTIImage.open(path).readVolume(0), rel)
            case "json": XCTAssertNoThrow(try JSONValue.load(path), rel)
            case "png": XCTAssertEqual(Array(data.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], rel)
                XCTAssertEqual(String(decoding: data.suffix(8).prefix(4), as: UTF8.self), "IEND", rel)
            case "graphml": XCTAssertTrue(XMLParser(data: data).parse(), rel)
            case "html": // the report: the group page and one page per subject, whole pages
                XCTAssertTrue(rel == "report.html" || (rel.hasPrefix("report/sub-") && !rel.dropFirst(7).contains("/")), rel)
                let text = String(decoding: data, as: UTF8.self)
                XCTAssertTrue(text.hasPrefix("<!DOCTYPE html>") && text.hasSuffix("</html>\n"), rel)
            default: XCTFail("unexpected output \(rel)")
            }
            if sidecars.contains(rel) || rel == "dataset_description.json" { continue }
            // every data file is named by a sidecar, with its checksum
            XCTAssertEqual(described[rel], sums[rel], "\(rel): named with its SHA-256 by a provenance sidecar")
        }
        // the report is one output: report.json its sidecar, naming the group page and every subject's page
        let report = try JSONValue.load("\(root)/report.json")
        XCTAssertEqual(report["Files"].array.compactMap { $0["path"].string },
                       ["report.html", "report/sub-01.html", "report/sub-02.html", "report/sub-03.html"])
        XCTAssertEqual(Set(files.keys.filter { $0.hasSuffix(".html") }), Set(report["Files"].array.compactMap { $0["path"].string }))
        // its status is the ledger's unit states, every one done (not the fallback "outputs present")
        let page = String(decoding: try XCTUnwrap(files["report.html"]), as: UTF8.self)
        XCTAssertTrue(page.contains("Status from the run ledger (.neurorep/ledger.sqlite)."), "report.html: status not from the ledger")
        XCTAssertEqual(page.components(separatedBy: "<td class=\"done\">done</td>").count - 1, 3 * 7 + 5, "21 subject steps (the GLM among them) and 5 network and group steps done")
        for other in ["outputs present", "pending", "running", "failed", "not run"] { XCTAssertFalse(page.contains(">\(other)</td>"), other) }
        // the graph's global metrics are data, not overwritten by provenance (the old bug)
        let global = try JSONValue.load("\(root)/sub-01/func/sub-01_task-rest_atlas-sample_meas-correlation_desc-graph_global.json")
        XCTAssertNotNil(global["global_efficiency_wei"].double)
        // the time series' sidecar says what was done: TR from the BIDS sidecar, no connectivity kind claimed
        let ts = try JSONValue.load("\(root)/sub-01/func/sub-01_task-rest_atlas-sample_timeseries.json")
        XCTAssertEqual(ts["RepetitionTimeSource"].string, "sidecar")
        XCTAssertTrue(ts["Parameters"]["kind"].isNull)
        XCTAssertEqual(ts["Files"].array.count, 2, "the TSV and the NPY")
        // connectivity records every kind it computed
        let conn = try JSONValue.load("\(root)/sub-01/func/sub-01_task-rest_atlas-sample_meas-partialCorrelation_relmat.json")
        XCTAssertEqual(conn["Parameters"]["kinds"].array.compactMap(\.string), ["correlation", "partial-correlation", "pearson"])
        // a stem's NPY and TSV are both named by its one sidecar (they used to name the TSV only)
        for stem in ["networks/layers_meas-correlation_rdms", "sub-02/rsa/sub-02_atlas-sample_desc-shape_pairwise"] {
            let names = try JSONValue.load("\(root)/\(stem).json")["Files"].array.compactMap { $0["path"].string }
            let base = (stem as NSString).lastPathComponent
            XCTAssertEqual(Set(names), [base + ".npy", base + ".tsv"], stem)
        }
    }

    /// SHA-256 of files by an independent tool (coreutils' sha256sum), relative path -> digest.
    func sha256sums(_ root: String, _ rels: [String]) throws -> [String: String] {
        let out = try CLI.sha256sums(in: root, rels)
        XCTAssertEqual(out.count, rels.count)
        return out
    }

    func testGraphMetricsEqualNeurorepGraphAndSimilaritiesEqualNeurorepCompare() throws {
        let root = Self.reference.root
        let work = CLI.temporaryDirectory("commands")
        defer { try? FileManager.default.removeItem(atPath: work) }
        for s in ["01", "02", "03"] {
            // graph: sample.yaml thresholds the correlation matrix at proportion 0.3, drops negatives, seed 0
            let matrix = "\(root)/sub-\(s)/func/sub-\(s)_task-rest_atlas-sample_meas-correlation_relmat.npy"
            let g = try CLI.run(["graph", "--matrix", matrix, "--proportional", "0.3", "--negatives", "drop", "--seed", "0", "--out", "\(work)/g\(s)"])
            XCTAssertEqual(g.status, 0, g.err)
            let cli = try JSONValue.load("\(work)/g\(s)/global.json").object
            let pipe = try JSONValue.load("\(root)/sub-\(s)/func/sub-\(s)_task-rest_atlas-sample_meas-correlation_desc-graph_global.json").object
            XCTAssertGreaterThan(pipe.count, 10)
            for (k, v) in pipe { assertSame(v, cli[k], "sub-\(s) \(k)") }
            // RSA: every ROI RDM against every layer RDM, Spearman
            let c = try CLI.run(["compare", "\(root)/sub-\(s)/rsa/sub-\(s)_atlas-sample_meas-correlation_rdms.npy",
                                 "\(root)/networks/layers_meas-correlation_rdms.npy", "--method", "spearman", "--out", "\(work)/c\(s).tsv"])
            XCTAssertEqual(c.status, 0, c.err)
            let expected = try DelimitedTable.read("\(work)/c\(s).tsv")
            let got = try DelimitedTable.read("\(root)/sub-\(s)/rsa/sub-\(s)_atlas-sample_desc-rsa_similarity.tsv")
            XCTAssertEqual(got.rows.count, expected.rows.count)
            XCTAssertEqual(got.rows.count, 8)
            for (a, b) in zip(got.rows, expected.rows) {
                XCTAssertEqual(a.dropFirst().dropLast().map { Double($0)! }, b.dropFirst().map { Double($0)! }, "sub-\(s) \(a[0])")
            }
        }
    }

    /// Exact equality of two JSON values, recursively.
    func assertSame(_ a: JSONValue, _ b: JSONValue?, _ what: String) {
        guard let b else { return XCTFail("\(what): missing") }
        switch a {
        case .object(let o):
            XCTAssertEqual(Set(o.keys), Set(b.object.keys), what)
            for (k, v) in o { assertSame(v, b[k], "\(what).\(k)") }
        case .array(let x):
            XCTAssertEqual(x.count, b.array.count, what)
            for (i, v) in x.enumerated() where i < b.array.count { assertSame(v, b[i], "\(what)[\(i)]") }
        default:
            XCTAssertEqual(a.double, b.double, what)
            XCTAssertEqual(a.string, b.string, what)
            XCTAssertEqual(a.bool, b.bool, what)
            XCTAssertEqual(a.isNull, b.isNull, what)
        }
    }

    // MARK: - interrupted and concurrent runs

    func testRunsKilledMidCommitResumeToByteIdenticalFiles() throws {
        _ = Self.reference
        let out = CLI.temporaryDirectory("killed")
        defer { try? FileManager.default.removeItem(atPath: out) }
        var aborts = 0
        for attempt in 0..<12 {
            // each run commits 4 units, then exits in the middle of committing the 5th
            let r = try CLI.run(["run", Self.config, "--out", out], environment: ["NEUROREP_TEST_ABORT_AFTER_UNITS": "4"])
            if r.status == 0 { break }
            XCTAssertEqual(r.status, 86, "attempt \(attempt): \(r.err)")
            aborts += 1
            // the kill landed mid-commit: a staging folder holds the rest of the unit ...
            let staging = try FileManager.default.contentsOfDirectory(atPath: "\(out)/.neurorep/staging")
            XCTAssertGreaterThanOrEqual(staging.count, 1, "attempt \(attempt)")
            // ... and every file already visible is complete
            for (rel, data) in CLI.files(under: out) {
                XCTAssertEqual(data, Self.reference.files[rel], "after abort \(aborts), \(rel) is partial or different")
            }
        }
        XCTAssertGreaterThanOrEqual(aborts, 4, "26 units, 4 per run")
        let final = try CLI.run(["run", Self.config, "--out", out])
        XCTAssertEqual(final.status, 0, final.err)
        XCTAssertEqual(Self.ranCount(final.out), 0, final.out)
        compareWithReference(out, "resumed after \(aborts) aborts")
        XCTAssertEqual(leftovers(out), [])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: "\(out)/.neurorep/staging"), [])
    }

    func testThreeConcurrentShardsThenGroupOnlyGiveTheFilesOfOneRun() throws {
        _ = Self.reference
        let out = CLI.temporaryDirectory("shards")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let results = try CLI.runConcurrently((1...3).map { ["run", Self.config, "--out", out, "--shard", "\($0)/3", "--skip-group", "--jobs", "1"] })
        for r in results { XCTAssertEqual(r.status, 0, r.err + r.out) }
        // the networks' layer RDMs are shared work: one shard computes them, the others wait and skip
        XCTAssertEqual(results.map { ($0.err + $0.out).components(separatedBy: "layer RDMs: ran").count - 1 }.reduce(0, +), 1,
                       results.map(\.err).joined(separator: "\n"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(out)/group"))
        let g = try CLI.run(["run", Self.config, "--out", out, "--group-only"])
        XCTAssertEqual(g.status, 0, g.err + g.out)
        compareWithReference(out, "3 shards + group")
        XCTAssertEqual(leftovers(out), [])
    }

    func testTwoConcurrentFullRunsThenARerunGiveTheFilesOfOneRun() throws {
        try twoConcurrentRuns(environment: [:])
    }

    /// The same with the ledger's rollback journal (for network file systems).
    func testTwoConcurrentFullRunsWithARollbackJournal() throws {
        try twoConcurrentRuns(environment: ["NEUROREP_LEDGER_JOURNAL": "delete"])
    }

    func twoConcurrentRuns(environment: [String: String]) throws {
        _ = Self.reference
        let out = CLI.temporaryDirectory("twice")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let results = try CLI.runConcurrently([["run", Self.config, "--out", out], ["run", Self.config, "--out", out]], environment: environment)
        for r in results { XCTAssertEqual(r.status, 0, r.err + r.out) }
        // every unit ran in exactly one of the two processes
        XCTAssertEqual(results.map { Self.ranCount($0.out) }.reduce(0, +), 26, results.map(\.out).joined(separator: "\n"))
        // each run ends only when every unit is done (by it or by the other), so the report either
        // wrote last is already the one of one run
        compareWithReference(out, "two concurrent runs \(environment)")
        let again = try CLI.run(["run", Self.config, "--out", out], environment: environment)
        XCTAssertEqual(again.status, 0, again.err)
        XCTAssertEqual(Self.ranCount(again.out), 0, again.out)
        compareWithReference(out, "two concurrent runs + rerun \(environment)")
        XCTAssertEqual(leftovers(out), [])
    }
}
