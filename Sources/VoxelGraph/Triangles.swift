import LinearAlgebra
import Dispatch
import Foundation

/// 3-cycles through each node and the local clustering coefficient.
///
/// Each triangle a < b < c is found once: for every node a, its higher neighbours are marked,
/// and for every higher neighbour b of a, the higher neighbours c of b that are marked close a
/// triangle. The work is the sum over edges (a, b) of b's higher degree, which grows with the
/// edges (never N^3); chunks of nodes are shared among the cores with per-core counts.
public enum Triangles {
    /// Triangles through each node (igraph `count_triangles`-style per-vertex counts).
    public static func count(_ g: SparseVoxelGraph, threads: Int = ProcessInfo.processInfo.activeProcessorCount) -> [Int] {
        let n = g.nodeCount
        guard n > 0 else { return [] }
        let slots = Swift.max(1, Swift.min(threads, n))
        var perSlot = [[Int]](repeating: [Int](repeating: 0, count: n), count: slots)
        // Nodes go out in chunks of 256, handed to whichever core is free (several chunks per
        // core, so a core slowed by other work does not hold up the rest); each chunk counts
        // into one of `slots` accumulators taken from a pool.
        let chunk = 256
        let chunks = (n + chunk - 1) / chunk
        var pool = Array(0..<slots)
        let lock = NSLock()
        // counts the free accumulators, so a chunk waits rather than finding the pool empty
        // (created at 0 and raised: libdispatch traps on a semaphore destroyed below its start)
        let free = DispatchSemaphore(value: 0)
        for _ in 0..<slots { free.signal() }
        // Where each row's higher neighbours start (rows are ascending).
        var higher = [Int](repeating: 0, count: n)
        for a in 0..<n {
            var lo = g.offsets[a], hi = g.offsets[a + 1]
            while lo < hi { let mid = (lo + hi) / 2; if Int(g.neighbours[mid]) <= a { lo = mid + 1 } else { hi = mid } }
            higher[a] = lo
        }
        g.offsets.withUnsafeBufferPointer { off in
          higher.withUnsafeBufferPointer { higher in
            g.neighbours.withUnsafeBufferPointer { nb in
                perSlot.withUnsafeMutableBufferPointer { ps in
                    let psb = ps.baseAddress!
                    BLASThreads.concurrentPerform(iterations: chunks) { part in
                        free.wait()
                        lock.lock(); let s = pool.removeLast(); lock.unlock()
                        defer { lock.lock(); pool.append(s); lock.unlock(); free.signal() }
                        // a's higher neighbours as a bitset (N bits: 4 KB for 32,810 voxels, in L1)
                        var bits = [UInt64](repeating: 0, count: (n + 63) / 64)
                        bits.withUnsafeMutableBufferPointer { mark in
                        psb[s].withUnsafeMutableBufferPointer { t in
                            for a in (part * chunk)..<Swift.min(n, (part + 1) * chunk) {
                                let ha = higher[a], ea = off[a + 1]
                                if ea - ha < 2 { continue }
                                for k in ha..<ea { let c = Int(nb[k]); mark[c >> 6] |= 1 << UInt64(c & 63) }
                                for k in ha..<ea {
                                    let b = Int(nb[k])
                                    var found = 0
                                    // branch-free: about half the tests hit, which no branch predictor guesses
                                    for m in higher[b]..<off[b + 1] {
                                        let c = Int(nb[m])
                                        let hit = Int((mark[c >> 6] >> UInt64(c & 63)) & 1)
                                        t[c] &+= hit; found &+= hit
                                    }
                                    t[a] += found; t[b] += found
                                }
                                for k in ha..<ea { let c = Int(nb[k]); mark[c >> 6] = 0 }
                            }
                        }
                        }
                    }
                }
            }
          }
        }
        var total = perSlot[0]
        for s in 1..<slots { for i in 0..<n { total[i] += perSlot[s][i] } }
        return total
    }

    /// Local clustering 2 t / (k (k - 1)), 0 when k < 2 (igraph
    /// `transitivity_local_undirected(mode="zero")`).
    public static func clustering(triangles t: [Int], graph g: SparseVoxelGraph) -> [Double] {
        (0..<g.nodeCount).map { a in
            let k = g.degree(a)
            return k < 2 ? 0 : 2 * Double(t[a]) / (Double(k) * Double(k - 1))
        }
    }
}
