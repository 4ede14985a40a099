import Dispatch
import Foundation
import LinearAlgebra

/// Distances between every pair of many representations (network layers, networks trained
/// from different seeds, brain ROIs, in any mix), for any `ShapeMetric`.
///
/// Each representation is prepared once (in parallel), then the K(K-1)/2 pairs run in
/// parallel on all cores (`DispatchQueue.concurrentPerform`). Pair (i, j) gets the random
/// stream `i * K + j` of the metric's seed, so results do not depend on scheduling.
/// netrep instead re-does each representation's centring, whitening or covariance square
/// roots for every pair and pickles the data to worker processes.
public enum PairwiseShapeDistances {
    public struct Result: Sendable {
        public let labels: [String]
        /// K x K symmetric, zero diagonal.
        public let distances: Matrix<Double>
        /// Per pair (i < j, row-major order): the full comparison result.
        public let pairs: [(i: Int, j: Int, result: ShapeDistance)]
    }

    public static func compute<M: ShapeMetric>(_ metric: M, _ representations: [ShapeRepresentation]) throws -> Result {
        let k = representations.count
        guard k >= 2 else { throw ShapeMetricsError("pairwise distances need at least 2 representations, got \(k)") }
        let labels = representations.map(\.label)
        var prepared = [M.Prepared?](repeating: nil, count: k)
        var prepErrors = [Error?](repeating: nil, count: k)
        prepared.withUnsafeMutableBufferPointer { out in
            prepErrors.withUnsafeMutableBufferPointer { errs in
                BLASThreads.concurrentPerform(iterations: k) { i in
                    do { out[i] = try metric.prepare(representations[i]) } catch { errs[i] = error }
                }
            }
        }
        if let e = prepErrors.compactMap({ $0 }).first { throw e }
        let ready = prepared.map { $0! }
        var pairIndex: [(Int, Int)] = []
        for i in 0..<k { for j in (i + 1)..<k { pairIndex.append((i, j)) } }
        var results = [ShapeDistance?](repeating: nil, count: pairIndex.count)
        var errors = [Error?](repeating: nil, count: pairIndex.count)
        results.withUnsafeMutableBufferPointer { out in
            errors.withUnsafeMutableBufferPointer { errs in
                BLASThreads.concurrentPerform(iterations: pairIndex.count) { p in
                    let (i, j) = pairIndex[p]
                    do { out[p] = try metric.compare(ready[i], ready[j], stream: i * k + j) } catch {
                        errs[p] = ShapeMetricsError("pair (\(labels[i]), \(labels[j])): \(error)")
                    }
                }
            }
        }
        if let e = errors.compactMap({ $0 }).first { throw e }
        var d = Matrix<Double>(rows: k, columns: k)
        var pairs: [(i: Int, j: Int, result: ShapeDistance)] = []
        for (p, (i, j)) in pairIndex.enumerated() {
            let r = results[p]!
            d[i, j] = r.distance; d[j, i] = r.distance
            pairs.append((i, j, r))
        }
        return Result(labels: labels, distances: d, pairs: pairs)
    }
}
