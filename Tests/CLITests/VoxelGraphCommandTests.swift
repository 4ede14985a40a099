import Foundation
import NIfTI
import XCTest

/// `neurorep voxelgraph` and `neurorep seedmap` end to end: the file names of the issue, exit
/// status, errors on stderr naming the file or option, and the shared cleaning flags.
final class VoxelGraphCommandTests: XCTestCase {
    var fixtures: String { CLI.repo + "/Tests/VoxelGraphTests/Fixtures" }

    func testVoxelGraphWritesSixMapsAndReportsConstantVoxels() throws {
        let out = CLI.temporaryDirectory("voxelgraph")
        let r = try CLI.run(["voxelgraph", "--bold", "\(fixtures)/sub-01_task-rest_bold.nii.gz", "--mask", "\(fixtures)/mask.nii.gz",
                             "--threshold", "0.3", "--detrend", "--out", out])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.err.contains("2 in-mask voxel(s) are constant"), r.err)
        let names = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        let expected = ["clustering", "degree", "ecm", "eigenvector", "strength", "triangles"].flatMap {
            ["sub-01_task-rest_stat-\($0)_boldmap.json", "sub-01_task-rest_stat-\($0)_boldmap.nii.gz"]
        }
        XCTAssertEqual(names, expected.sorted())
        let sidecar = try String(contentsOfFile: out + "/sub-01_task-rest_stat-degree_boldmap.json", encoding: .utf8)
        XCTAssertTrue(sidecar.contains("\"detrend\": true"), sidecar)
    }

    /// Confounds, FD censoring, detrending and filtering go through the same code as
    /// `timeseries` (RunConfounds + signal.clean): the sidecar records what was done.
    func testConfoundsAndCensoring() throws {
        let dir = CLI.temporaryDirectory("voxelgraph-confounds")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var rows = ["a\tb\tframewise_displacement"]
        for i in 0..<80 {
            let fd = i == 0 ? "n/a" : ([10, 11, 40].contains(i) ? "0.9" : "0.1")
            rows.append("\(sin(Double(i)))\t\(cos(Double(i) * 0.37))\t\(fd)")
        }
        try (rows.joined(separator: "\n") + "\n").write(toFile: dir + "/confounds.tsv", atomically: true, encoding: .utf8)
        let out = dir + "/out"
        let r = try CLI.run(["voxelgraph", "--bold", "\(fixtures)/sub-01_task-rest_bold.nii.gz", "--mask", "\(fixtures)/mask.nii.gz",
                             "--threshold", "0.3", "--confounds", dir + "/confounds.tsv", "--confound-columns", "a,b", "--fd-threshold", "0.5",
                             "--detrend", "--high-pass", "0.01", "--t-r", "2", "--out", out])
        XCTAssertEqual(r.status, 0, r.err)
        let data = try Data(contentsOf: URL(fileURLWithPath: out + "/sub-01_task-rest_stat-degree_boldmap.json"))
        let sidecar = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        XCTAssertEqual(sidecar["CensoredVolumes"] as? [Int], [10, 11, 40])
        XCTAssertEqual((sidecar["KeptVolumes"] as? [Int])?.count, 77)
        XCTAssertEqual(sidecar["ConfoundColumns"] as? [String], ["a", "b"])
        XCTAssertEqual((sidecar["Inputs"] as? [[String: Any]])?.count, 3)
    }

    func testSeedMapNames() throws {
        let out = CLI.temporaryDirectory("seedmap")
        let r = try CLI.run(["seedmap", "--bold", "\(fixtures)/sub-01_task-rest_bold.nii.gz", "--seed-coords=-9,6.2,1.9", "--radius", "4",
                             "--mask", "\(fixtures)/mask.nii.gz", "--out", out])
        XCTAssertEqual(r.status, 0, r.err)
        let names = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        XCTAssertEqual(names, ["sub-01_task-rest_desc-xm9y6p2z1p9r4_stat-r_boldmap.json", "sub-01_task-rest_desc-xm9y6p2z1p9r4_stat-r_boldmap.nii.gz",
                               "sub-01_task-rest_desc-xm9y6p2z1p9r4_stat-z_boldmap.json", "sub-01_task-rest_desc-xm9y6p2z1p9r4_stat-z_boldmap.nii.gz"])
    }

    func testBadInputExitsNonZeroWithoutOutput() throws {
        let out = CLI.temporaryDirectory("voxelgraph-bad")
        let bold = "\(fixtures)/sub-01_task-rest_bold.nii.gz", mask = "\(fixtures)/mask.nii.gz"
        let h = try NIfTIImage(path: mask).header
        let empty = CLI.temporaryDirectory("empty-mask") + "_empty_mask.nii.gz"
        try NIfTIWriter.write([UInt8](repeating: 0, count: h.voxelsPerVolume), shape: h.shape, affine: h.affine, to: empty)
        let cases: [([String], String)] = [
            (["voxelgraph", "--bold", bold, "--mask", mask, "--threshold", "1.2", "--out", out], "--threshold"),
            (["voxelgraph", "--bold", bold, "--mask", mask, "--density", "0", "--out", out], "--density"),
            (["voxelgraph", "--bold", bold, "--mask", mask, "--threshold", "0.3", "--density", "0.1", "--out", out], "exactly one of --threshold and --density"),
            (["voxelgraph", "--bold", bold, "--mask", empty, "--threshold", "0.3", "--out", out], empty),
            (["voxelgraph", "--bold", bold, "--mask", "\(fixtures)/graph/threshold/degree.nii.gz", "--threshold", "0.3", "--sign", "negative", "--out", out], "--sign"),
            (["seedmap", "--bold", bold, "--seed-coords", "1,2", "--radius", "4", "--out", out], "--seed-coords"),
            (["seedmap", "--bold", bold, "--seed-atlas", "\(fixtures)/atlas.nii.gz", "--seed-label", "42", "--out", out], "atlas.nii.gz"),
        ]
        for (args, naming) in cases {
            let r = try CLI.run(args)
            XCTAssertNotEqual(r.status, 0, args.joined(separator: " "))
            XCTAssertTrue(r.err.contains(naming), "\(args): \(r.err)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: out), "no output, not even the --out folder, for \(args)")
        }
    }

    // MARK: - found by scripts/probe-readers.py

    /// Negative numbers are values: `--seed-coords -9,6.2,1.9` (any left-hemisphere MNI point)
    /// and `--threshold -0.2` (valid with --sign positive) were refused as "Missing value";
    /// a negative radius now gets its range message, and an infinite --t-r is refused.
    func testNegativeNumbersAreOptionValues() throws {
        let bold = "\(fixtures)/sub-01_task-rest_bold.nii.gz", mask = "\(fixtures)/mask.nii.gz"
        let out = CLI.temporaryDirectory("seedmap-negative")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let r = try CLI.run(["seedmap", "--bold", bold, "--seed-coords", "-9,6.2,1.9", "--radius", "4", "--mask", mask, "--out", out])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/sub-01_task-rest_desc-xm9y6p2z1p9r4_stat-z_boldmap.nii.gz"),
                      "\((try? FileManager.default.contentsOfDirectory(atPath: out)) ?? [])")
        let out2 = CLI.temporaryDirectory("voxelgraph-negative")
        defer { try? FileManager.default.removeItem(atPath: out2) }
        let g = try CLI.run(["voxelgraph", "--bold", bold, "--mask", mask, "--threshold", "-0.2", "--out", out2])
        XCTAssertEqual(g.status, 0, g.err)
        let bad: [([String], String)] = [
            (["seedmap", "--bold", bold, "--seed-coords", "-9,6.2,1.9", "--radius", "-1", "--out", out + "-bad"], "--radius must be a non-negative distance"),
            (["seedmap", "--bold", bold, "--seed-coords", "-9,6.2,1.9,", "--radius", "4", "--out", out + "-bad"], "--seed-coords must be three numbers"),
            (["voxelgraph", "--bold", bold, "--mask", mask, "--density", "0.1", "--exclude-radius", "-3", "--out", out + "-bad"], "--exclude-radius"),
            (["voxelgraph", "--bold", bold, "--mask", mask, "--density", "0.1", "--t-r", "inf", "--out", out + "-bad"], "--t-r must be a positive number"),
            (["voxelgraph", "--bold", bold, "--mask", mask, "--density", "0.1", "--high-pass", "inf", "--out", out + "-bad"], "--high-pass must be a positive"),
        ]
        for (args, message) in bad {
            let b = try CLI.run(args)
            XCTAssertNotEqual(b.status, 0, args.joined(separator: " "))
            XCTAssertTrue(b.err.contains(message), "\(args): \(b.err)")
            XCTAssertFalse(b.err.contains("Missing value"), b.err)
            XCTAssertFalse(FileManager.default.fileExists(atPath: out + "-bad"))
        }
    }

    /// A named pipe as the BOLD run (or events table) blocked the reader forever; it is refused
    /// as not a regular file. /dev/zero likewise.
    func testNamedPipesAndDevicesAreRefused() throws {
        let folder = CLI.temporaryDirectory("fifo")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let fifo = folder + "/sub-01_task-rest_bold.nii.gz"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let mask = "\(fixtures)/mask.nii.gz", out = folder + "/out"
        for (args, naming) in [(["voxelgraph", "--bold", fifo, "--mask", mask, "--density", "0.1", "--out", out], fifo),
                               (["seedmap", "--bold", "\(fixtures)/sub-01_task-rest_bold.nii.gz", "--seed-mask", "/dev/zero", "--out", out], "/dev/zero"),
                               (["glm", "--bold", "\(fixtures)/sub-01_task-rest_bold.nii.gz", "--events", fifo, "--t-r", "2", "--mask", mask, "--out", out], fifo)] {
            let r = try CLI.run(args)
            XCTAssertNotEqual(r.status, 0, args.joined(separator: " "))
            XCTAssertTrue(r.err.contains(naming) && r.err.contains("not a regular file"), "\(args): \(r.err)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: out), "no output, not even the --out folder, for \(args)")
        }
    }
}
