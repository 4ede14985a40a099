import ArrayFiles
import Foundation
import RSA
import XCTest

/// Pattern inputs: NPY arrays, run labels, network activations through the shared reader.
final class PatternSourceTests: XCTestCase {
    func temp(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("rsa-\(UUID().uuidString)-\(name)").path
    }

    func testActivationsLayersAndSamplesAsRuns() throws {
        let path = temp("acts.npz")
        defer { try? FileManager.default.removeItem(atPath: path) }
        // layer "fc": 3 conditions x 2 units; layer "drop": 3 conditions x 2 samples x 2 units
        let fc = NPYArray(shape: [3, 2], doubles: [1, 2, 3, 4, 5, 6])
        let drop = NPYArray(shape: [3, 2, 2], doubles: (0..<12).map(Double.init))
        try NPZ.write([("fc", fc), ("drop", drop)], to: path)
        let sets = try PatternSources.fromActivations(path)
        XCTAssertEqual(sets.map(\.name), ["fc", "drop"])
        XCTAssertEqual(sets[0].patterns.values, [1, 2, 3, 4, 5, 6])
        let d = sets[1].patterns
        XCTAssertEqual([d.runs, d.conditions, d.channels], [2, 3, 2])
        // run (sample) 1, condition 2 = drop[2, 1, :] = [10, 11]
        XCTAssertEqual(Array(d.values[((1 * 3 + 2) * 2)..<((1 * 3 + 2) * 2 + 2)]), [10, 11])
        XCTAssertEqual(try PatternSources.fromActivations(path, layer: "drop").count, 1)
        XCTAssertThrowsError(try PatternSources.fromActivations(path, layer: "conv9"))
    }

    func testRunLabelsSplitRows() throws {
        let x = try PatternSet(runs: 1, conditions: 4, channels: 1, values: [10, 20, 11, 21])
        let split = try PatternSources.splitRuns(x, runLabels: [0, 1, 0, 1], name: "x")
        XCTAssertEqual([split.runs, split.conditions], [2, 2])
        XCTAssertEqual(split.values, [10, 11, 20, 21])
        XCTAssertThrowsError(try PatternSources.splitRuns(x, runLabels: [0, 0, 0, 1], name: "x"))
        let bad = NPYArray(shape: [2, 2, 2, 2], doubles: [Double](repeating: 1, count: 16))
        let p = temp("bad.npy")
        try NPY.write(bad, to: p)
        defer { try? FileManager.default.removeItem(atPath: p) }
        XCTAssertThrowsError(try PatternSources.fromNPY(p)) { XCTAssertTrue("\($0)".contains(p)) }
    }
}

/// Issue 12, finding 8: RDMs of layers with different condition counts cannot share one
/// N x K x K stack; writing them is a clear error, not a precondition trap.
final class RDMStackTests: XCTestCase {
    func testStackOfDifferentConditionCountsIsAnError() throws {
        let a = try RDM(conditions: 3, dissimilarities: [1, 2, 3], measure: "euclidean")
        let b = try RDM(conditions: 4, dissimilarities: [1, 2, 3, 4, 5, 6], measure: "euclidean")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("stack-\(UUID().uuidString.prefix(8)).npy").path
        XCTAssertThrowsError(try RDMFiles.writeStack([a, b], to: path)) { e in
            XCTAssertTrue("\(e)".contains("cannot stack RDMs of 3 and 4 conditions"), "\(e)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
    }
}
