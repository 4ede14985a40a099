import Foundation
import TestSupport
import XCTest
@testable import Provenance

/// The one output mechanism: staged files appear together on commit with one sidecar per stem
/// naming each file and its SHA-256; refused writes (outside the folder, a sidecar over a data
/// file, an undescribed file) leave nothing; staging folders of dead processes are removed and
/// those of live ones kept.
final class OutputUnitTests: XCTestCase {
    var root: String!
    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("unit-\(UUID())").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }
    override func tearDown() { try? FileManager.default.removeItem(atPath: root) }

    func visible() -> [String] {
        (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []).filter {
            var d: ObjCBool = false
            return FileManager.default.fileExists(atPath: "\(root!)/\($0)", isDirectory: &d) && !d.boolValue
        }.sorted()
    }

    func testCommitWritesEveryFileAndOneSidecarPerStem() throws {
        let unit = try OutputUnit(root: root)
        try "a\tb\n1\t2\n".write(toFile: unit.path(for: "\(root!)/sub-01/x_relmat.tsv", holds: "table"), atomically: false, encoding: .utf8)
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: unit.path(for: "\(root!)/sub-01/x_relmat.npy", holds: "array")))
        try "{}".write(toFile: unit.path(for: "\(root!)/sub-01/x_desc-graph_global.json", holds: "global metrics"), atomically: false, encoding: .utf8)
        try unit.describe(stem: "\(root!)/sub-01/x_relmat", record: ProvenanceRecord(command: "test", parameters: ["k": 1]))
        try unit.describe(stem: "\(root!)/sub-01/x_desc-graph", record: ProvenanceRecord(command: "test"))
        XCTAssertEqual(visible().filter { !$0.hasPrefix(".") && !$0.contains("/.") }, [], "nothing visible before commit")
        let written = try unit.commit()
        XCTAssertEqual(written.count, 5)
        XCTAssertEqual(visible(), ["sub-01/x_desc-graph.json", "sub-01/x_desc-graph_global.json", "sub-01/x_relmat.json",
                                   "sub-01/x_relmat.npy", "sub-01/x_relmat.tsv"], "no staging folder left")
        let side = try JSONValue.load("\(root!)/sub-01/x_relmat.json")
        XCTAssertEqual(side["Files"].array.map { $0["path"].string ?? "" }, ["x_relmat.tsv", "x_relmat.npy"])
        XCTAssertEqual(side["Files"][1]["sha256"].string, SHA256.hexDigest(of: Data([1, 2, 3])))
        XCTAssertEqual(side["Files"][1]["holds"].string, "array")
        XCTAssertEqual(side["Parameters"]["k"].double, 1)
        XCTAssertEqual(try String(contentsOfFile: "\(root!)/sub-01/x_desc-graph_global.json", encoding: .utf8), "{}", "data kept, not overwritten by a sidecar")
    }

    /// `--out out` typed by a user: relative paths are relative to the working directory, for the
    /// folder and for the files in it alike (not doubled as out/out/).
    func testRelativePathsAreRelativeToTheWorkingDirectory() throws {
        let cwd = FileManager.default.currentDirectoryPath
        defer { FileManager.default.changeCurrentDirectoryPath(cwd) }
        FileManager.default.changeCurrentDirectoryPath(root)
        try OutputUnit.write(root: "out") { u in
            try "1".write(toFile: u.path(for: "out/a.tsv", holds: "x"), atomically: false, encoding: .utf8)
            try u.describe(stem: "out/a", record: ProvenanceRecord(command: "test"))
        }
        try OutputUnit.write(outputs: ["b/c.npy"]) { u in
            try "2".write(toFile: u.path(for: "b/c.npy", holds: "x"), atomically: false, encoding: .utf8)
            try u.describe(stem: "b/c", record: ProvenanceRecord(command: "test"))
        }
        XCTAssertEqual(visible(), ["b/c.json", "b/c.npy", "out/a.json", "out/a.tsv"])
    }

    /// A sidecar may list files of a subfolder (`also`): by their path relative to its folder
    /// (the report's `report.json` lists `report.html` and `report/sub-01.html`).
    func testASidecarListsFilesBelowItsFolderByRelativePath() throws {
        try OutputUnit.write(root: root) { u in
            try "a".write(toFile: u.path(for: "\(root!)/report.html", holds: "group page"), atomically: false, encoding: .utf8)
            try "b".write(toFile: u.path(for: "\(root!)/report/sub-01.html", holds: "subject page"), atomically: false, encoding: .utf8)
            try u.describe(stem: "\(root!)/report", record: ProvenanceRecord(command: "test"), also: ["\(root!)/report/sub-01.html"])
        }
        XCTAssertEqual(visible(), ["report.json", "report/sub-01.html", "report.html"].sorted())
        let side = try JSONValue.load("\(root!)/report.json")
        XCTAssertEqual(side["Files"].array.map { $0["path"].string ?? "" }, ["report.html", "report/sub-01.html"])
        XCTAssertEqual(side["Files"][1]["sha256"].string, SHA256.hexDigest(of: Data("b".utf8)))
    }

    func testASidecarOverADataFileIsRefused() throws {
        let unit = try OutputUnit(root: root)
        try "{\"efficiency\": 1}".write(toFile: unit.path(for: "\(root!)/x_global.json", holds: "metrics"), atomically: false, encoding: .utf8)
        try unit.describe(stem: "\(root!)/x_global", record: ProvenanceRecord(command: "test"))
        XCTAssertThrowsError(try unit.commit()) { XCTAssertTrue("\($0)".contains("sidecar would overwrite the data"), "\($0)") }
        XCTAssertEqual(visible(), [])
    }

    func testPathsOutsideTheFolderAndUndescribedFilesAreRefused() throws {
        let unit = try OutputUnit(root: root)
        XCTAssertThrowsError(try unit.path(for: "\(root!)/../escape.tsv", holds: "x")) { XCTAssertTrue("\($0)".contains("outside the output folder"), "\($0)") }
        XCTAssertThrowsError(try unit.path(for: "\(root!)/sub-01/../../escape.tsv", holds: "x"))
        XCTAssertThrowsError(try unit.path(for: "/etc/escape.tsv", holds: "x"))
        // a folder on the way that links outside
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("outside-\(UUID())").path
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: outside) }
        try FileManager.default.createSymbolicLink(atPath: "\(root!)/link", withDestinationPath: outside)
        XCTAssertThrowsError(try unit.path(for: "\(root!)/link/x.tsv", holds: "x")) { XCTAssertTrue("\($0)".contains("links elsewhere"), "\($0)") }
        try FileManager.default.removeItem(atPath: "\(root!)/link")
        // twice the same path
        _ = try unit.path(for: "\(root!)/a.tsv", holds: "x")
        XCTAssertThrowsError(try unit.path(for: "\(root!)/./a.tsv", holds: "x"))
        // no record for a.tsv
        try "1".write(toFile: unit.stagingFolder + "/a.tsv", atomically: false, encoding: .utf8)
        XCTAssertThrowsError(try unit.commit()) { XCTAssertTrue("\($0)".contains("no provenance record"), "\($0)") }
        XCTAssertEqual(visible(), [])
    }

    /// A unit that fails leaves no output folder it created (a refused command leaves no empty
    /// `--out`, nor its missing parents); a folder that was there is kept, and so is one that
    /// another writer filled meanwhile.
    func testAFailedUnitRemovesTheFoldersItCreated() throws {
        struct Refused: Error {}
        let fresh = "\(root!)/new/out"
        XCTAssertThrowsError(try OutputUnit.write(root: fresh) { unit in
            _ = try unit.path(for: "\(fresh)/a.tsv", holds: "x")
            throw Refused()
        })
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(root!)/new"))
        // a unit dropped without commit or discard (a thrown commit) too
        do { _ = try OutputUnit(root: fresh) }
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(root!)/new"))
        XCTAssertThrowsError(try OutputUnit.write(root: root) { _ in throw Refused() })
        XCTAssertTrue(FileManager.default.fileExists(atPath: root))
        let unit = try OutputUnit(root: fresh)
        try "mine".write(toFile: "\(root!)/new/notes.txt", atomically: false, encoding: .utf8)
        unit.discard()
        XCTAssertFalse(FileManager.default.fileExists(atPath: fresh))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: "\(root!)/new"), ["notes.txt"])
    }

    func testOnlyStagingFoldersOfGoneProcessesAreRemoved() throws {
        let me = StagingOwner.current
        let live = StagingOwner(pid: me.pid, host: me.host).folderName()
        let otherHost = StagingOwner(pid: 1, host: "elsewhere.example").folderName()
        // a pid that exited: our own child
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["true"]
        try p.run(); p.waitUntilExit()
        let gone = StagingOwner(pid: p.processIdentifier, host: me.host).folderName()
        for n in [live, otherHost, gone, "unrelated"] { try FileManager.default.createDirectory(atPath: "\(root!)/\(n)", withIntermediateDirectories: true) }
        XCTAssertEqual(StagingOwner(folderName: gone), StagingOwner(pid: p.processIdentifier, host: me.host))
        XCTAssertEqual(StagingOwner.removeAbandoned(in: root), ["\(root!)/\(gone)"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root).sorted(), [live, otherHost, "unrelated"].sorted())
        // another host's folder goes once it has not changed for long enough
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -7200)], ofItemAtPath: "\(root!)/\(otherHost)")
        XCTAssertEqual(StagingOwner.removeAbandoned(in: root, otherHostAge: 3600), ["\(root!)/\(otherHost)"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root).sorted(), [live, "unrelated"].sorted())
    }

    /// An output name over 255 bytes (made from a 20 MB trial_type) failed deep in the write,
    /// naming the hidden staging path; it is refused when registered, naming the output's
    /// length and where such names come from, and nothing is written.
    func testOverlongOutputNamesAreRefusedWhenRegistered() throws {
        let long = String(repeating: "x", count: 300)
        XCTAssertThrowsError(try OutputUnit.write(root: root) { unit in
            _ = try unit.path(for: "\(root!)/sub-01_contrast-\(long)_stat-t_statmap.nii.gz", holds: "map")
        }) { e in
            let s = "\(e)"
            XCTAssertTrue(s.contains("bytes long") && s.contains("255") && !s.contains(".neurorep-staging"), s)
        }
        // a data name that fits but whose sidecar (stem + .json) would not
        let stem = "\(root!)/" + String(repeating: "y", count: 252)
        XCTAssertThrowsError(try OutputUnit.write(root: root) { unit in
            try unit.describe(stem: stem, record: ProvenanceRecord(command: "test"))
        }) { e in XCTAssertTrue("\(e)".contains("257 bytes"), "\(e)") }
        XCTAssertEqual(visible(), [])
    }
}
