import ArrayFiles
import Foundation
import Graphs
import LinearAlgebra
import TestSupport
import XCTest

/// Matrix files, weight conversions, and graphs where bctpy would fail or hang.
final class InputAndEdgeCaseTests: XCTestCase {
    var dir: String!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("graphs-input-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    func testReadsNPYStacksAndTablesToTheSameMatrix() throws {
        let c = try Fixture.matrix("input_correlation.npy")
        let npy = try ConnectivityInput.read(Fixture.path("input_correlation.npy"))
        XCTAssertEqual(npy.matrix, c)
        XCTAssertNil(npy.names)

        let stack = dir + "/stack.npy"
        try NPY.write(NPYArray(shape: [2, 20, 20], doubles: c.elements.map { -$0 } + c.elements), to: stack)
        XCTAssertEqual(try ConnectivityInput.read(stack, index: 1).matrix, c)
        XCTAssertThrowsError(try ConnectivityInput.read(stack)) { XCTAssertTrue("\($0)".contains("--index")) }
        XCTAssertThrowsError(try ConnectivityInput.read(stack, index: 2))

        let names = (1...20).map { "roi\($0)" }
        let tsv = dir + "/c.tsv"
        try DelimitedTable(columns: names, numericRows: c.rowArrays).write(to: tsv)
        let t = try ConnectivityInput.read(tsv)
        XCTAssertEqual(t.matrix, c)
        XCTAssertEqual(t.names, names)
        // with a first column of row labels
        let csv = dir + "/c.csv"
        try DelimitedTable(columns: ["roi"] + names, rows: zip(names, c.rowArrays).map { [$0] + $1.map(DelimitedTable.format) }).write(to: csv)
        XCTAssertEqual(try ConnectivityInput.read(csv).matrix, c)

        let bad = dir + "/bad.tsv"
        try "a\tb\tc\n1\t2\t3\n4\t5\t6\n7\t8\t9\n1\t1\t1\n".write(toFile: bad, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try ConnectivityInput.read(bad)) { XCTAssertTrue("\($0)".contains(bad) && "\($0)".contains("square")) }
        try "a\tb\n1\tx\n2\t3\n".write(toFile: bad, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try ConnectivityInput.read(bad)) { XCTAssertTrue("\($0)".contains(bad) && "\($0)".contains("not a number")) }
        XCTAssertThrowsError(try ConnectivityInput.read(dir + "/c.mat")) { XCTAssertTrue("\($0)".contains("unknown matrix format")) }
    }

    func testWeightConversions() throws {
        let w = Matrix<Double>([[0, 0.5, 0], [0.5, 0, 0.25], [0, 0.25, 0]])
        XCTAssertEqual(WeightConversion.convert(w, .binarize).elements, [0, 1, 0, 1, 0, 1, 0, 1, 0])
        XCTAssertEqual(WeightConversion.convert(w, .normalize).elements, [0, 1, 0, 1, 0, 0.5, 0, 0.5, 0])
        XCTAssertEqual(WeightConversion.convert(w, .lengths).elements, [0, 2, 0, 2, 0, 4, 0, 4, 0])
    }

    /// A path a-b-c and a star have no two disjoint edges: bctpy's randmio_und never returns;
    /// ours returns the graph unchanged. A 4-path has one disjoint pair and rewires.
    func testRewiringWithoutDisjointEdgesReturns() throws {
        func graph(_ n: Int, _ edges: [(Int, Int)]) throws -> Graph {
            var m = Matrix<Double>(rows: n, columns: n)
            for (a, b) in edges { m[a, b] = 1; m[b, a] = 1 }
            return try Graph(weights: m)
        }
        let star = try graph(5, [(0, 1), (0, 2), (0, 3), (0, 4)])
        XCTAssertEqual(Rewiring.randomize(star, iterations: 5, seed: 0).weights, star.weights)
        let triangle = try graph(3, [(0, 1), (1, 2), (0, 2)])
        XCTAssertEqual(Rewiring.randomize(triangle, iterations: 5, seed: 0).successfulRewirings, 0)
        let starB = try graph(5, [(0, 1), (1, 2), (1, 3), (1, 4)])
        XCTAssertEqual(Rewiring.randomize(starB, iterations: 5, seed: 0).successfulRewirings, 0)
        let square = try graph(4, [(0, 1), (1, 2), (2, 3), (0, 3)])
        let r = Rewiring.randomize(square, iterations: 5, seed: 3)
        XCTAssertEqual(Degree.degrees(try Graph(weights: r.weights)), [2, 2, 2, 2])
    }

    func testEmptyGraphAnalysisIsDefined() throws {
        let g = try Graph(weights: Matrix(rows: 4, columns: 4))
        let a = try GraphAnalysis.run(g)
        XCTAssertNil(a.louvain)
        XCTAssertNil(a.smallWorld)
        XCTAssertEqual(a.global("n_edges"), 0)
        XCTAssertEqual(a.global("n_components"), 4)
        XCTAssertEqual(a.column("module"), [1, 2, 3, 4])
        XCTAssertEqual(a.column("betweenness_wei"), [0, 0, 0, 0])
        XCTAssertEqual(a.global("char_path_length_bin"), .infinity)
        XCTAssertTrue(a.global("char_path_length_bin_finite_only")!.isNaN)
    }
}

/// Issue 12 (build 4 audit): `--rand-iter` near Int.max made `iterations * edges` overflow (a trap).
final class RewiringOverflowTests: XCTestCase {
    func testOverflowingRewiringIterationsAreAnError() throws {
        let square = try Graph(weights: Matrix(rows: 4, columns: 4, elements: [0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0, 1, 0]))
        XCTAssertThrowsError(try SmallWorld.sigma(square, randomGraphs: 1, iterations: Int.max / 2)) { e in
            XCTAssertTrue("\(e)".contains("overflows"), "\(e)")
        }
        XCTAssertThrowsError(try SmallWorld.sigma(square, randomGraphs: 1, iterations: 0))
    }
}
