import LinearAlgebra
import Dispatch
import Foundation

/// An undirected graph over N nodes in compressed sparse rows: the neighbours of node a are
/// `neighbours[offsets[a] ..< offsets[a + 1]]`, ascending, each edge stored in both rows.
/// Memory: 8 (N + 1) + 8 E bytes for E edges; nothing N x N.
public struct SparseVoxelGraph: Sendable {
    public let nodeCount: Int
    public let offsets: [Int]
    public let neighbours: [Int32]
    public var edgeCount: Int { neighbours.count / 2 }

    public func degree(_ a: Int) -> Int { offsets[a + 1] - offsets[a] }

    /// Builds the rows from edges given as (src < dst) pairs sorted by (src, dst): filling rows
    /// in that order leaves every row ascending (the partners below a come first, by src, then
    /// those above, by dst), so no sort is needed.
    init(nodeCount n: Int, sortedSources src: [Int32], destinations dst: [Int32]) {
        var counts = [Int](repeating: 0, count: n + 1)
        for k in src.indices { counts[Int(src[k]) + 1] += 1; counts[Int(dst[k]) + 1] += 1 }
        for a in 0..<n { counts[a + 1] += counts[a] }
        var fill = Array(counts.dropLast())
        var nb = [Int32](repeating: 0, count: counts[n])
        for k in src.indices {
            let a = Int(src[k]), b = Int(dst[k])
            nb[fill[a]] = dst[k]; fill[a] += 1
            nb[fill[b]] = src[k]; fill[b] += 1
        }
        nodeCount = n; offsets = counts; neighbours = nb
    }

    /// y = A x for the binary adjacency A (rows split over the cores).
    func multiply(_ x: [Double], threads: Int = ProcessInfo.processInfo.activeProcessorCount) -> [Double] {
        var y = [Double](repeating: 0, count: nodeCount)
        let slots = Swift.max(1, Swift.min(4 * threads, nodeCount))   // several parts per core, handed out as cores free up
        offsets.withUnsafeBufferPointer { off in
            neighbours.withUnsafeBufferPointer { nb in
                x.withUnsafeBufferPointer { xp in
                    y.withUnsafeMutableBufferPointer { yp in
                        let out = yp.baseAddress!
                        BLASThreads.concurrentPerform(iterations: slots) { s in
                            let lo = nodeCount * s / slots, hi = nodeCount * (s + 1) / slots
                            for a in lo..<hi {
                                var sum = 0.0
                                for k in off[a]..<off[a + 1] { sum += xp[Int(nb[k])] }
                                out[a] = sum
                            }
                        }
                    }
                }
            }
        }
        return y
    }
}
