import ArrayFiles
import Foundation
import TestSupport
import XCTest

/// `neurorep shape` as a user runs it, against netrep's values in the shape fixtures.
final class ShapeCommandTests: XCTestCase {
    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("ShapeMetricsTests/Fixtures/\(name)").path
    }

    func json(_ r: CLI.Result) throws -> JSONValue {
        XCTAssertEqual(r.status, 0, r.err)
        let tmp = CLI.temporaryDirectory("shape") + ".json"
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        try r.out.write(toFile: tmp, atomically: true, encoding: .utf8)
        return try JSONValue.load(tmp)
    }

    func testPairDistancesMatchNetrep() throws {
        let det = try JSONValue.load(Self.fixture("det.json"))["results"].array
        for (alpha, score) in [(1.0, "angular"), (0.0, "euclidean"), (0.5, "angular")] {
            let expected = det.first { $0["params"]["alpha"].double == alpha && $0["params"]["score_method"].string == score }!["distance"].double!
            let j = try json(try CLI.run(["shape", "--x", Self.fixture("det_X.npy"), "--y", Self.fixture("det_Y.npy"),
                                          "--metric", "linear", "--alpha", "\(alpha)", "--score", score, "--json"]))
            assertClose(j["distance"].double!, expected, rel: 1e-8, "linear alpha \(alpha) \(score)")
            XCTAssertNotNil(j["objective"].double)
            XCTAssertEqual(j["iterations"].int, 0)
        }
    }

    /// Both stochastic metrics with each optimiser reach netrep's distance or lower (netrep
    /// converged on these fixtures, so "lower" can only be rounding).
    func testStochasticOptimizersMatchOrBeatNetrep() throws {
        let e = try JSONValue.load(Self.fixture("energy.json"))
        let x = Self.fixture("energy_X.npy"), y = Self.fixture("energy_Y.npy")
        let gaussian = e["objective_gaussian_on_moments"]["alpha1"]["distance"].double!
        for optimizer in ["newton", "lbfgs", "alternation"] {
            let j = try json(try CLI.run(["shape", "--x", x, "--y", y, "--metric", "gaussian", "--optimizer", optimizer, "--json"]))
            XCTAssertLessThanOrEqual(j["distance"].double!, gaussian * (1 + 1e-6), optimizer)
            assertClose(j["distance"].double!, gaussian, rel: 1e-6, "gaussian \(optimizer)")
            XCTAssertGreaterThan(j["iterations"].int!, 0)
        }
        let energy = e["objective_energy"]["distance"].double!
        for optimizer in ["lbfgs", "irls"] {
            let j = try json(try CLI.run(["shape", "--x", x, "--y", y, "--metric", "energy", "--optimizer", optimizer, "--json"]))
            XCTAssertLessThanOrEqual(j["distance"].double!, energy * (1 + 1e-6), optimizer)
            assertClose(j["distance"].double!, energy, rel: 1e-6, "energy \(optimizer)")
        }
    }

    func testOptimizerMustFitTheMetric() throws {
        let x = Self.fixture("energy_X.npy"), y = Self.fixture("energy_Y.npy")
        let wrong = try CLI.run(["shape", "--x", x, "--y", y, "--metric", "gaussian", "--optimizer", "irls"])
        XCTAssertNotEqual(wrong.status, 0)
        XCTAssertTrue(wrong.err.contains("--optimizer for gaussian must be newton, lbfgs or alternation"), wrong.err)
        let deterministic = try CLI.run(["shape", "--x", x, "--y", y, "--metric", "linear", "--optimizer", "lbfgs"])
        XCTAssertNotEqual(deterministic.status, 0)
        XCTAssertTrue(deterministic.err.contains("gaussian and energy metrics only"), deterministic.err)
    }

    func testPairwiseWritesTheMatrixItsTablesAndProvenance() throws {
        let dir = CLI.temporaryDirectory("shape-pairwise")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let out = "\(dir)/D.npy"
        let r = try CLI.run(["shape", "--inputs", Self.fixture("det_X.npy"), Self.fixture("det_Y.npy"), Self.fixture("det_X_test.npy"),
                             "--metric", "linear", "--alpha", "1", "--out", out])
        XCTAssertEqual(r.status, 0, r.err)
        let d = try NPY.read(out)
        XCTAssertEqual(d.shape, [3, 3])
        let expected = try JSONValue.load(Self.fixture("det.json"))["results"].array
            .first { $0["params"]["alpha"].double == 1 && $0["params"]["score_method"].string == "angular" }!["distance"].double!
        assertClose(d.doubles[1], expected, rel: 1e-8, "D[0, 1]")
        XCTAssertEqual(d.doubles[3], d.doubles[1])
        XCTAssertEqual(d.doubles[0], 0)
        for f in ["D.json", "D_distances.tsv", "D_pairs.tsv", "D_mds.tsv"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: "\(dir)/\(f)"), f)
        }
        let sidecar = try JSONValue.load("\(dir)/D.json")
        XCTAssertEqual(sidecar["Parameters"]["metric"].string, "linear")
        XCTAssertEqual(sidecar["Inputs"].array.count, 3)
    }
}
