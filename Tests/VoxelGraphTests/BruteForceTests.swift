import LinearAlgebra
import TestSupport
import XCTest
@testable import VoxelGraph

/// The library's maps against `DenseReference` on small synthetic sets: degree, triangles and
/// the edge sets exact; strength, clustering, eigenvector and ECM within 1e-10. Blocks of 7
/// nodes make every size cross block boundaries.
final class BruteForceTests: XCTestCase {
    /// Smooth-ish random series: a few shared factors plus noise, so r spreads over [-1, 1].
    func makeSeries(n: Int, t: Int, seed: UInt64) -> [[Double]] {
        var g = SeededGenerator(seed: seed)
        let factors = (0..<3).map { _ in (0..<t).map { _ in Double.random(in: -1...1, using: &g) } }
        return (0..<n).map { _ in
            let w = (0..<3).map { _ in Double.random(in: -1...1, using: &g) }
            return (0..<t).map { (i: Int) -> Double in
                let shared: Double = w[0] * factors[0][i] + w[1] * factors[1][i] + w[2] * factors[2][i]
                let noise: Double = 0.6 * Double.random(in: -1...1, using: &g)
                return 100 + shared + noise
            }
        }
    }

    /// The library's node series built from raw series exactly as `prepare` does after cleaning.
    func normalized(_ series: [[Double]]) -> NormalizedVoxelSeries {
        let t = series[0].count, n = series.count
        let m = Matrix<Double>(rows: t, columns: n) { i, j in series[j][i] }
        let (z, usable, constant) = NormalizedVoxelSeries.normalize(m)
        return NormalizedVoxelSeries(voxels: usable, z: z, length: t, constantVoxels: constant, nonFiniteVoxels: [],
                                     keptVolumes: Array(0..<t), removedVolumes: [], repetitionTime: nil,
                                     repetitionTimeSource: "test", confoundColumns: [], warnings: [], seedSeries: nil)
    }

    /// Coordinates on a 4 mm grid, 4 x 4 x k.
    func gridCoordinates(_ n: Int) -> [Double] {
        var c: [Double] = []
        for a in 0..<n {
            c.append(4 * Double(a % 4)); c.append(4 * Double((a / 4) % 4)); c.append(4 * Double(a / 16))
        }
        return c
    }

    func check(_ series: [[Double]], rule: EdgeRule, blockSize: Int = 7, file: StaticString = #filePath, line: UInt = #line) throws {
        let s = normalized(series)
        XCTAssertEqual(s.count, series.count, file: file, line: line)
        let coords = gridCoordinates(series.count)
        let ref = DenseReference(series: series, coordinates: coords, rule: rule)
        // threshold rules: the float32 filter (default) and float64 throughout give the same graph
        defer { VoxelGraphBuilder.singlePrecisionFilter = true }
        for filter in [true, false] {
        VoxelGraphBuilder.singlePrecisionFilter = filter
        let maps = try VoxelGraphMaps.compute(s, rule: rule, coordinates: coords, blockSize: blockSize)
        let built = try VoxelGraphBuilder.build(s, rule: rule, coordinates: coords, blockSize: blockSize)
        // the exact edge set
        for a in 0..<s.count {
            let mine = built.graph.neighbours[built.graph.offsets[a]..<built.graph.offsets[a + 1]].map(Int.init)
            let theirs = (0..<s.count).filter { ref.adjacency[a][$0] }
            XCTAssertEqual(mine, theirs, "neighbours of node \(a)", file: file, line: line)
        }
        XCTAssertEqual(maps.degree, ref.degree, "degree", file: file, line: line)
        XCTAssertEqual(maps.triangles, ref.triangles, "triangles", file: file, line: line)
        XCTAssertGreaterThan(ref.triangles.reduce(0, +), 0, "the test graph has triangles", file: file, line: line)
        assertAllClose(maps.strength, ref.strength, abs: 1e-10, "strength", file: file, line: line)
        assertAllClose(maps.clustering, ref.clustering, abs: 1e-10, "clustering", file: file, line: line)
        assertAllClose(maps.eigenvector, try ref.eigenvector(), abs: 1e-10, "eigenvector", file: file, line: line)
        assertAllClose(maps.ecm, try ref.ecm(), abs: 1e-10, "ecm", file: file, line: line)
        XCTAssertTrue(maps.eigenvectorSolve.converged && maps.ecmSolve.converged, file: file, line: line)
        }
    }

    /// Series of +-1 with zero mean over 16 volumes: every r is a multiple of 1/16, exact in
    /// float32 and float64 alike, so many pairs sit exactly on the threshold and must be left
    /// out (r > T is strict) after the float32 filter's float64 re-check.
    func testThresholdExactlyOnPairValues() throws {
        let series = balancedSignSeries(30, seed: 11)
        for (t, sign) in [(0.25, EdgeRule.Sign.positive), (0.125, .positive), (0.25, .absolute), (-0.125, .positive)] {
            try check(series, rule: EdgeRule(selection: .threshold(t), sign: sign))
        }
    }

    /// 30 series of 16 values, eight 8 and eight 2 (3 (+-1) + 5) in random order.
    func balancedSignSeries(_ n: Int, seed: UInt64) -> [[Double]] {
        var g = SeededGenerator(seed: seed)
        return (0..<n).map { _ in
            var s = [Double](repeating: 1, count: 8) + [Double](repeating: -1, count: 8)
            s.shuffle(using: &g)
            return s.map { 3 * $0 + 5 }
        }
    }

    func testThresholdPositive() throws {
        try check(makeSeries(n: 45, t: 25, seed: 1), rule: EdgeRule(selection: .threshold(0.2)))
    }

    func testThresholdAbsoluteWithExclusionRadius() throws {
        try check(makeSeries(n: 45, t: 25, seed: 2), rule: EdgeRule(selection: .threshold(0.3), sign: .absolute, excludeRadius: 6))
    }

    func testNegativeThreshold() throws {
        try check(makeSeries(n: 23, t: 30, seed: 3), rule: EdgeRule(selection: .threshold(-0.1)))
    }

    func testDensityPositive() throws {
        try check(makeSeries(n: 45, t: 25, seed: 4), rule: EdgeRule(selection: .density(0.1)))
    }

    func testDensityAbsoluteWithRadiusAndOneBlock() throws {
        try check(makeSeries(n: 40, t: 20, seed: 5), rule: EdgeRule(selection: .density(0.07), sign: .absolute, excludeRadius: 4.5), blockSize: 2048)
    }

    /// Series of +-1 with zero mean over 16 volumes: normalised values are +-1/4 and every r
    /// is a multiple of 1/16, exact in binary, so many pairs tie; the density cut falls inside
    /// a tie group and must keep the earliest pairs (a, then b, ascending).
    func testDensityTiesBrokenByPairOrder() throws {
        let series = balancedSignSeries(30, seed: 9)
        let s = normalized(series)
        let coords = gridCoordinates(30)
        // edge counts K whose cut splits a tie group (the K-th and K+1-th largest r are equal)
        let pairs = 30 * 29 / 2
        let sorted = (0..<30).flatMap { a in (a + 1..<30).map { b in DenseReference.pearson(series[a], series[b]) } }.sorted(by: >)
        let ks = (5..<200).filter { sorted[$0 - 1] == sorted[$0] }.prefix(4)
        XCTAssertEqual(ks.count, 4)
        for k in ks {
            let d = Double(k) / Double(pairs)
            let rule = EdgeRule(selection: .density(d))
            let ref = DenseReference(series: series, coordinates: coords, rule: rule)
            // a tie straddles the cut: the weakest kept value also occurs among dropped pairs
            let kept = (0..<30).flatMap { a in (a + 1..<30).filter { ref.adjacency[a][$0] }.map { ref.r[a][$0] } }
            let cut = kept.min()!
            let dropped = (0..<30).flatMap { a in (a + 1..<30).filter { !ref.adjacency[a][$0] && ref.r[a][$0] == cut } }
            XCTAssertFalse(dropped.isEmpty, "density \(d): the cut falls inside a tie group")
            let built = try VoxelGraphBuilder.build(s, rule: rule, coordinates: coords, blockSize: 7)
            for a in 0..<30 {
                let mine = built.graph.neighbours[built.graph.offsets[a]..<built.graph.offsets[a + 1]].map(Int.init)
                XCTAssertEqual(mine, (0..<30).filter { ref.adjacency[a][$0] }, "density \(d), node \(a)")
            }
            XCTAssertEqual(built.weakestEdgeKey, cut)
        }
    }

    func testConstantSeriesAreLeftOut() {
        var series = makeSeries(n: 10, t: 20, seed: 6)
        series[3] = [Double](repeating: 7, count: 20)
        let s = normalized(series)
        XCTAssertEqual(s.count, 9)
        XCTAssertEqual(s.constantVoxels, [3])
        XCTAssertFalse(s.voxels.contains(3))
    }

    func testEmptyGraphGivesZeroMaps() throws {
        let s = normalized(makeSeries(n: 12, t: 20, seed: 7))
        let maps = try VoxelGraphMaps.compute(s, rule: EdgeRule(selection: .threshold(0.999)), coordinates: gridCoordinates(12))
        XCTAssertEqual(maps.edgeCount, 0)
        XCTAssertEqual(maps.eigenvector, [Double](repeating: 0, count: 12))
        XCTAssertEqual(maps.degree, [Int](repeating: 0, count: 12))
        XCTAssertFalse(maps.warnings.isEmpty)
    }

    /// The maps do not depend on the number of threads: every parallel step (blocked products,
    /// edge lists, triangles, both eigenvector products) splits its work in a way fixed by the
    /// data and sums in a fixed order. 2,500 nodes, so ECM's products run over two parts and the
    /// products over five block rows of 512.
    func testMapsAreIdenticalForAnyThreadCount() throws {
        let s = normalized(makeSeries(n: 2500, t: 16, seed: 12))
        let coords = gridCoordinates(2500)
        for rule in [EdgeRule(selection: .threshold(0.85)), EdgeRule(selection: .density(0.005), sign: .absolute)] {
            let one = try VoxelGraphMaps.compute(s, rule: rule, coordinates: coords, blockSize: 512, threads: 1)
            XCTAssertGreaterThan(one.edgeCount, 1000)
            XCTAssertGreaterThan(one.triangles.reduce(0, +), 0)
            for threads in [2, 3] {
                let other = try VoxelGraphMaps.compute(s, rule: rule, coordinates: coords, blockSize: 512, threads: threads)
                for ((stat, a), (_, b)) in zip(one.named, other.named) {
                    XCTAssertEqual(a.map(\.bitPattern), b.map(\.bitPattern), "\(stat), \(threads) threads")
                }
            }
        }
    }

    /// Triangle counts on graphs whose nodes have more than 255 out-neighbours (the byte lanes
    /// are widened every 255 additions), groups cut short at the end, and nodes grouped in
    /// index order, at random and by voxel blocks: a clique of 300 nodes
    /// (each in C(299, 2) triangles) overlapping a random graph, against a count over each
    /// node's pairs of neighbours.
    func testTrianglesOnDenseGraphsAgainstPairCount() {
        let n = 1003
        var g = SeededGenerator(seed: 13)
        var adjacency = [[Bool]](repeating: [Bool](repeating: false, count: n), count: n)
        for a in 0..<300 { for b in (a + 1)..<300 { adjacency[a][b] = true; adjacency[b][a] = true } }
        for _ in 0..<20000 {
            let a = Int.random(in: 200..<n, using: &g), b = Int.random(in: 200..<n, using: &g)
            if a != b { adjacency[a][b] = true; adjacency[b][a] = true }
        }
        var offsets = [0], neighbours: [Int32] = []
        for a in 0..<n {
            neighbours += (0..<n).filter { adjacency[a][$0] }.map(Int32.init)
            offsets.append(neighbours.count)
        }
        let graph = SparseVoxelGraph(nodeCount: n, offsets: offsets, neighbours: neighbours)
        let expected = (0..<n).map { v -> Int in
            let nb = (0..<n).filter { adjacency[v][$0] }
            var t = 0
            for i in nb.indices { for j in (i + 1)..<nb.count where adjacency[nb[i]][nb[j]] { t += 1 } }
            return t
        }
        XCTAssertEqual(expected[0], 299 * 298 / 2)
        for threads in [1, 2] {
            XCTAssertEqual(Triangles.count(graph, threads: threads), expected, "\(threads) threads")
        }
        // any grouping of the nodes gives the same counts
        var shuffled = (0..<n).map(Int32.init)
        shuffled.shuffle(using: &g)
        XCTAssertEqual(Triangles.count(graph, groups: shuffled), expected, "shuffled groups")
        let grid = Triangles.spatialGroups(voxels: (0..<n).map { 3 * $0 }, nx: 17, ny: 11)
        XCTAssertEqual(grid.sorted(), (0..<n).map(Int32.init), "a permutation")
        XCTAssertEqual(Triangles.count(graph, groups: grid), expected, "spatial groups")
    }
}
