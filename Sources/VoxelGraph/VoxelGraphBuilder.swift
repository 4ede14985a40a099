import CLapack
import Foundation
import LinearAlgebra

/// A voxel graph built by `VoxelGraphBuilder`: the sparse adjacency, each node's degree and
/// strength (sum of r over its edges, in float64), and what the rule resolved to.
public struct BuiltVoxelGraph: Sendable {
    public let graph: SparseVoxelGraph
    public let strength: [Double]
    /// Node pairs that could be edges (all pairs, less those within the exclusion radius).
    public let candidatePairs: Int
    /// The smallest ranking key (r, or |r|) among the edges; nil without edges.
    public let weakestEdgeKey: Double?
    /// Seconds spent in the correlation products (gemm, syrk), all passes.
    public var productSeconds = 0.0
}

/// Streams every node pair's correlation (`BlockedCorrelation`) once (threshold) or twice
/// (density: a histogram pass, then a pass that keeps the bins above the cut and the pairs of
/// the cut bin as candidates) and keeps the edges, never the pairs.
public enum VoxelGraphBuilder {
    /// Histogram bins over [-1, 1] for the density cut (one histogram per scanning part).
    static let bins = 1 << 18

    /// The largest |r32 - r| of a float32 product of two unit-norm float64 rows of length T
    /// rounded to float32 (u = 2^-24): rounding the inputs moves the dot product by at most
    /// (2u + u^2) sum|a_k b_k| <= 2u + u^2, and any float32 summation order (BLAS blocking,
    /// FMA or not) adds at most gamma_T sum|a_k b_k| <= T u / (1 - T u) (1 + u)^2 (Higham,
    /// Accuracy and Stability, 3.1), both with sum|a_k b_k| <= |a| |b| = 1. So
    /// |r32 - r| <= (T + 2) u (1 + O(T u)); we take twice that (2.4e-5 for T = 200), which also
    /// covers the float64 rows' own rounding.
    static func singlePrecisionMargin(length t: Int) -> Double { 2 * Double(t + 2) * 0x1p-24 }

    /// `build` with threshold rules sifts pairs with float32 products (sgemm, twice as fast as
    /// dgemm) and decides every candidate in float64; the density rule is float64 throughout.
    /// Tests switch the filter off to check that both give the same graph.
    nonisolated(unsafe) static var singlePrecisionFilter = true

    /// How the edges were decided, for the sidecars.
    public static func precisionNote(_ rule: EdgeRule) -> String {
        if case .threshold = rule.selection, singlePrecisionFilter {
            return "float32 blocked products (sgemm) as a filter with a proven error margin; every candidate pair decided and weighted by its float64 r"
        }
        return "float64 blocked products (dgemm)"
    }

    public static func build(_ series: NormalizedVoxelSeries, rule: EdgeRule, coordinates: [Double],
                             blockSize: Int = 2048, threads: Int = BLASThreads.cores) throws -> BuiltVoxelGraph {
        try rule.validate()
        precondition(coordinates.count == 3 * series.count, "3 coordinates per node")
        guard series.count < Int(Int32.max) else {
            throw VoxelGraphError.parameter("--mask", "\(series.count) voxels: a voxel graph holds at most 2^31 - 1 nodes")
        }
        var engine = BlockedCorrelation(series: series)
        engine.blockSize = blockSize
        engine.threads = Swift.max(1, threads)
        let n = series.count
        let radius2 = rule.excludeRadius.map { $0 * $0 }
        let totalPairs = n * (n - 1) / 2
        switch rule.selection {
        case .threshold(let t):
            let absolute = rule.sign == .absolute
            var sink = EdgeCollector(nodeCount: n)
            let seconds: Double
            if singlePrecisionFilter {
                // float32 products only sift: every pair whose float64 r passes has a float32
                // value above t - margin (see `singlePrecisionMargin`); those are recomputed
                // in float64 (ddot) and decided on that value, which is also the edge's r.
                let margin = singlePrecisionMargin(length: series.length)
                let z32 = series.z.map { Float($0) }
                let t32 = t - margin
                // compared in float32 against a float32 bound at or below t - margin
                var bound = Float(t32)
                if Double(bound) > t32 { bound = bound.nextDown }
                seconds = series.z.withUnsafeBufferPointer { zp in
                    coordinates.withUnsafeBufferPointer { cp in
                        let decide = ThresholdScan(z: zp.baseAddress!, length: series.length, threshold: t, bound: bound,
                                                   absolute: absolute, radius2: radius2, coordinates: cp.baseAddress!)
                        return sink.collect(engine, z32) { _, block, edges in decide.scan(block, into: edges) }
                    }
                }
            } else {
                seconds = sink.collect(engine, series.z) { _, block, edges in
                    block.forEachRun { a, b0, values in
                        for k in 0..<values.count {
                            let r = values[k]
                            if (absolute ? Swift.abs(r) : r) > t {
                                if let r2 = radius2, distance2(coordinates, a, b0 + k) < r2 { continue }
                                edges.pointee.append(Edge(a: Int32(a), b: Int32(b0 + k), r: r))
                            }
                        }
                    }
                }
            }
            let excluded = radius2.map { countWithin(coordinates, n: n, radius2: $0) } ?? 0
            var result = sink.finish(candidatePairs: totalPairs - excluded, key: rule.key)
            result.productSeconds = seconds
            return result
        case .density(let d):
            // Pass 1: histogram of the keys of every candidate pair.
            var hist = [[Int]](repeating: [Int](repeating: 0, count: bins), count: engine.threads)
            var seconds = 0.0
            hist.withUnsafeMutableBufferPointer { hp in
                let h = hp.baseAddress!
                seconds = engine.forEachPairRun({ slot, a, b0, values in
                    h[slot].withUnsafeMutableBufferPointer { bucket in
                        for k in 0..<values.count {
                            if let r2 = radius2, distance2(coordinates, a, b0 + k) < r2 { continue }
                            bucket[bin(rule.key(values[k]))] += 1
                        }
                    }
                }, endOfBlockRow: { _, _ in })
            }
            var counts = hist[0]
            for s in hist.indices.dropFirst() { for i in 0..<bins { counts[i] += hist[s][i] } }
            hist = []
            let candidates = counts.reduce(0, +)
            let target = Int((d * Double(candidates)).rounded(.toNearestOrAwayFromZero))
            guard target > 0 else {
                return BuiltVoxelGraph(graph: SparseVoxelGraph(isolatedNodes: n),
                                       strength: [Double](repeating: 0, count: n), candidatePairs: candidates, weakestEdgeKey: nil)
            }
            var above = 0, cut = bins - 1
            while above + counts[cut] < target { above += counts[cut]; cut -= 1 }
            // Pass 2: bins above the cut are edges; the cut bin's pairs are ranked.
            var sink = EdgeCollector(nodeCount: n)
            var pending = [[Candidate]](repeating: [], count: engine.threads)
            pending.withUnsafeMutableBufferPointer { pp in
                let p = pp.baseAddress!
                seconds += sink.collect(engine, series.z) { slot, block, edges in
                    block.forEachRun { a, b0, values in
                        for k in 0..<values.count {
                            let r = values[k], key = rule.key(r)
                            let kb = bin(key)
                            if kb < cut { continue }
                            if let r2 = radius2, distance2(coordinates, a, b0 + k) < r2 { continue }
                            if kb > cut { edges.pointee.append(Edge(a: Int32(a), b: Int32(b0 + k), r: r)) } else {
                                p[slot].append(Candidate(key: key, a: Int32(a), b: Int32(b0 + k), r: r))
                            }
                        }
                    }
                }
            }
            var ranked = pending.flatMap { $0 }
            pending = []
            let kept = sink.lists.reduce(0) { $0 + $1.count }
            guard kept == above, ranked.count == counts[cut] else {
                throw VoxelGraphError.parameter("--density", "internal error: the two passes over the correlations disagree (\(kept) vs \(above) pairs above the cut); please report")
            }
            ranked.sort { x, y in x.key != y.key ? x.key > y.key : (x.a != y.a ? x.a < y.a : x.b < y.b) }
            sink.lists.append(ranked.prefix(target - above).map { Edge(a: $0.a, b: $0.b, r: $0.r) })
            var result = sink.finish(candidatePairs: candidates, key: rule.key)
            result.productSeconds = seconds
            return result
        }
    }

    struct Candidate { let key: Double; let a: Int32; let b: Int32; let r: Double }

    @inline(__always) static func bin(_ key: Double) -> Int {
        let x = (key + 1) * 0.5 * Double(bins)
        if !(x > 0) { return 0 }
        return Swift.min(bins - 1, Int(x))
    }

    @inline(__always) static func distance2(_ c: [Double], _ a: Int, _ b: Int) -> Double {
        let dx = c[3 * a] - c[3 * b], dy = c[3 * a + 1] - c[3 * b + 1], dz = c[3 * a + 2] - c[3 * b + 2]
        return dx * dx + dy * dy + dz * dz
    }

    /// Node pairs closer than the radius (O(N^2) distance checks, no correlation).
    static func countWithin(_ c: [Double], n: Int, radius2: Double) -> Int {
        var count = 0
        for a in 0..<n { for b in (a + 1)..<Swift.max(a + 1, n) where distance2(c, a, b) < radius2 { count += 1 } }
        return count
    }
}
