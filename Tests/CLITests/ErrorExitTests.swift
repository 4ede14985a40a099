import ArrayFiles
import Foundation
import XCTest

/// Issue 12, finding 2: error exits of commands that hash their inputs in the background
/// segfaulted (exit 139) in 10 to 50 percent of runs, because the digest was still inside
/// libcrypto when `exit` ran OpenSSL's clean-up. Each error path runs 30 times as a child
/// process; every run must end with the error's own status (1), never a signal.
final class ErrorExitTests: XCTestCase {
    static var fixtures: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("ROIExtractionTests/Fixtures")
    }

    /// A 4 MB file that is neither NIfTI nor NPY: long enough that hashing is still running
    /// when the command fails on it.
    static let notAnArray: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("error-exit-\(UUID().uuidString.prefix(8)).npy").path
        var g = SystemRandomNumberGenerator()
        let bytes = (0..<(4 << 20)).map { _ in UInt8.random(in: 0...255, using: &g) }
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }()

    func assertAlwaysCleanExit(_ args: [String], runs: Int = 30, file: StaticString = #filePath, line: UInt = #line) throws {
        var statuses: [Int32: Int] = [:]
        for _ in 0..<runs {
            let r = try CLI.run(args)
            statuses[r.status, default: 0] += 1
            XCTAssertTrue(r.err.contains(Self.notAnArray), "message names the file: \(r.err)", file: file, line: line)
        }
        XCTAssertEqual(statuses, [1: runs], "exit statuses of \(args.first ?? "") over \(runs) runs", file: file, line: line)
    }

    func testTimeseriesErrorExitNeverCrashes() throws {
        let out = CLI.temporaryDirectory("error-exit-ts")
        try assertAlwaysCleanExit(["timeseries", "--bold", Self.fixtures.appendingPathComponent("sub-01_bold.nii.gz").path,
                                   "--atlas", Self.notAnArray, "--out", out])
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }

    func testConnectivityErrorExitNeverCrashes() throws {
        let out = CLI.temporaryDirectory("error-exit-fc")
        try assertAlwaysCleanExit(["connectivity", "--bold", Self.fixtures.appendingPathComponent("sub-01_bold.nii.gz").path,
                                   "--atlas", Self.notAnArray, "--out", out])
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }

    func testRDMErrorExitNeverCrashes() throws {
        let out = CLI.temporaryDirectory("error-exit-rdm") + ".npy"
        try assertAlwaysCleanExit(["rdm", "--patterns", Self.notAnArray, "--out", out])
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }
}

/// Issue 12, finding 12 end to end: the CLI prints the file and the problem in words.
final class OutputPathErrorTests: XCTestCase {
    func testOutputFolderThatIsAFileIsReportedInWords() throws {
        let dir = CLI.temporaryDirectory("out-is-file")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let file = dir + "/afile"
        FileManager.default.createFile(atPath: file, contents: Data("x".utf8))
        let r = try CLI.run(["timeseries", "--bold", ErrorExitTests.fixtures.appendingPathComponent("sub-01_bold.nii.gz").path,
                             "--atlas", ErrorExitTests.fixtures.appendingPathComponent("atlas.nii.gz").path, "--out", file])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.err.contains("\(file): cannot create the output folder (a file is in the way)"), r.err)
        XCTAssertFalse(r.err.contains("NSCocoaErrorDomain"), r.err)
    }
}

/// Issue 12, findings 8 and 11 as a user meets them: clean errors, status 1, no trap.
final class HostileInputCommandTests: XCTestCase {
    static func hostile(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("ArrayFilesTests/Fixtures/hostile/\(name)").path
    }

    /// Status 1 (a failed command) or 64 (ArgumentParser's usage error, when `validate()` caught it).
    func assertCleanError(_ args: [String], _ words: String, status: Int32 = 1, line: UInt = #line) throws {
        let r = try CLI.run(args)
        XCTAssertEqual(r.status, status, r.err, line: line)
        XCTAssertTrue(r.err.contains(words), r.err, line: line)
    }

    func testRDMOfLayersWithDifferentConditionCounts() throws {
        let out = CLI.temporaryDirectory("ragged") + ".npy"
        try assertCleanError(["rdm", "--activations", Self.hostile("ragged_layers.npz"), "--out", out],
                             "layer l1 has 4 conditions, layer l2 5")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }

    func testOverflowingShapes() throws {
        let out = CLI.temporaryDirectory("overflow") + ".npy"
        try assertCleanError(["rdm", "--patterns", Self.hostile("overflow_shape.npy"), "--out", out], "element count overflows")
        try assertCleanError(["rdm", "--activations", Self.hostile("overflow_shape.safetensors"), "--out", out], "element count overflows")
        try assertCleanError(["rdm", "--activations", Self.hostile("lying_entry.npz"), "--out", out], "holds more than the 160 bytes")
    }

    func testRecurrenceEmbeddingOverflow() throws {
        let dir = CLI.temporaryDirectory("rqa-overflow")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let tsv = dir + "/ts.tsv"
        try "a\tb\n1\t2\n3\t1\n2\t5\n4\t4\n5\t2\n".write(toFile: tsv, atomically: true, encoding: .utf8)
        try assertCleanError(["recurrence", "--timeseries", tsv, "--dim", "4611686018427387904", "--delay", "4", "--threshold", "1", "--out", dir + "/out"],
                             "overflows", status: 64)
        try assertCleanError(["recurrence", "--timeseries", tsv, "--dim", "2", "--delay", "9223372036854775807", "--threshold", "1", "--out", dir + "/out"],
                             "overflows", status: 64)
    }

    func testLinearShapeOfAConstantRepresentation() throws {
        let dir = CLI.temporaryDirectory("shape-constant")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let constant = NPYArray(shape: [40, 30], doubles: [Double](repeating: 0.1, count: 1200))
        try NPY.write(constant, to: dir + "/constant.npy")
        try assertCleanError(["shape", "--x", dir + "/constant.npy", "--y", ShapeCommandTests.fixture("det_X.npy"), "--metric", "linear"],
                             "no variance after centring")
    }
}
