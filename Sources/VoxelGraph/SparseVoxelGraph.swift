import LinearAlgebra
import Dispatch
import Foundation

/// An undirected graph over N nodes in compressed sparse rows: the neighbours of node a are
/// `neighbours[offsets[a] ..< offsets[a + 1]]`, ascending, each edge stored in both rows.
/// Memory: 8 (N + 1) + 8 E bytes for E edges; nothing N x N. Built by `EdgeCollector`.
public struct SparseVoxelGraph: Sendable {
    public let nodeCount: Int
    public let offsets: [Int]
    public let neighbours: [Int32]
    public var edgeCount: Int { neighbours.count / 2 }

    public func degree(_ a: Int) -> Int { offsets[a + 1] - offsets[a] }

    init(nodeCount n: Int, offsets: [Int], neighbours: [Int32]) {
        precondition(offsets.count == n + 1 && offsets[n] == neighbours.count, "rows of the graph")
        nodeCount = n; self.offsets = offsets; self.neighbours = neighbours
    }

    /// A graph without edges.
    init(isolatedNodes n: Int) {
        self.init(nodeCount: n, offsets: [Int](repeating: 0, count: n + 1), neighbours: [])
    }

    /// y = A x for the binary adjacency A (rows split over the cores; each row's sum, in four
    /// interleaved partial sums added in a fixed order, does not depend on the split).
    func multiply(_ x: [Double], threads: Int = ProcessInfo.processInfo.activeProcessorCount) -> [Double] {
        var y = [Double](repeating: 0, count: nodeCount)
        let slots = Swift.max(1, Swift.min(4 * threads, nodeCount))   // several parts per core, handed out as cores free up
        offsets.withUnsafeBufferPointer { off in
            neighbours.withUnsafeBufferPointer { nb in
                x.withUnsafeBufferPointer { xp in
                    y.withUnsafeMutableBufferPointer { yp in
                        let out = yp.baseAddress!, off = off.baseAddress!, x = xp.baseAddress!
                        let nbp = nb.baseAddress
                        BLASThreads.concurrentPerform(iterations: slots) { s in
                            guard let nb = nbp else { return }
                            let lo = nodeCount * s / slots, hi = nodeCount * (s + 1) / slots
                            for a in lo..<hi {
                                var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
                                var k = off[a]
                                let end = off[a + 1]
                                while k + 4 <= end {
                                    s0 += x[Int(nb[k])]; s1 += x[Int(nb[k + 1])]
                                    s2 += x[Int(nb[k + 2])]; s3 += x[Int(nb[k + 3])]
                                    k += 4
                                }
                                while k < end { s0 += x[Int(nb[k])]; k += 1 }
                                out[a] = (s0 + s1) + (s2 + s3)
                            }
                        }
                    }
                }
            }
        }
        return y
    }
}
