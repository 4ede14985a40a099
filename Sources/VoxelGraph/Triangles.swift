import LinearAlgebra
import Dispatch
import Foundation

/// 3-cycles through each node and the local clustering coefficient.
///
/// Nodes are ranked by (degree, index) and every edge points from its lower- to its
/// higher-ranked end (Schank and Wagner's "forward" orientation: a node keeps at most
/// sqrt(2E) out-neighbours, and hubs few), so each triangle has one lowest, one middle and one
/// top node: a -> b, a -> c, b -> c. Its three counts are found 16 nodes at a time in byte
/// lanes (SIMD16<UInt8>), by two passes over groups of 16 nodes (neighbouring voxels share
/// most of their neighbours, so a group of them, `spatialGroups`, touches far fewer distinct
/// nodes than 16 single nodes would):
///
/// * lowest: for a group of a's, lane i of `lanes[v]` is 1 when a_i -> v. For every node b
///   reached from the group and every c with b -> c, `lanes[b] & lanes[c]` has a 1 in lane i
///   exactly when (a_i, b, c) is a triangle: summed over c it gives each a_i its triangles
///   as the lowest node, and summed over lanes, b's as the middle node.
/// * top: for a group of c's, lane j of `lanes[v]` is 1 when v -> c_j. For every node a that
///   points into the group and every b with a -> b, `lanes[a] & lanes[b]` marks the triangles
///   (a, b, c_j): summed over b it gives each c_j its triangles as the top node.
///
/// The work is the sum, over the groups, of the out-degrees of the nodes they reach (under a
/// billion byte-lane ANDs and adds in all for 6.45 M edges on a whole brain at 4 mm, against
/// 1.4 billion single tests by marking one node's out-neighbours at a time), grows with the
/// edges, never N^3, and needs no branch on whether a pair closes a triangle. Groups are
/// shared among the cores with per-core counts (integers: the sum does not depend on how the
/// groups were shared).
public enum Triangles {
    typealias Lanes = SIMD16<UInt8>
    static let width = 16

    /// Triangles through each node (igraph `count_triangles`-style per-vertex counts).
    /// `groups` orders the nodes into the groups of 16 (a permutation of 0 ..< N; nil: index
    /// order): the counts do not depend on it, the work does (nodes that share neighbours, such
    /// as a compact block of voxels, should be grouped together; see `spatialGroups`).
    public static func count(_ g: SparseVoxelGraph, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                             groups order: [Int32]? = nil) -> [Int] {
        let n = g.nodeCount
        guard n > 0 else { return [] }
        let members = order ?? (0..<n).map { Int32($0) }
        precondition(members.count == n, "a permutation of the nodes")
        let out = OrientedEdges(g)
        let slots = Swift.max(1, Swift.min(threads, n))
        var perSlot = [[Int]](repeating: [Int](repeating: 0, count: n), count: slots)
        let groups = (n + width - 1) / width
        var pool = Array(0..<slots)
        let lock = NSLock()
        // counts the free accumulators, so a group waits rather than finding the pool empty
        // (created at 0 and raised: libdispatch traps on a semaphore destroyed below its start)
        let free = DispatchSemaphore(value: 0)
        for _ in 0..<slots { free.signal() }
        // per slot: the lanes of every node (16 bytes each), the nodes whose lanes are set, as a
        // list and as a bitset
        let lanes = UnsafeMutablePointer<Lanes>.allocate(capacity: slots * n)
        lanes.initialize(repeating: .zero, count: slots * n)
        let reached = UnsafeMutablePointer<Int32>.allocate(capacity: slots * n)
        let words = (n + 63) / 64
        let marks = UnsafeMutablePointer<UInt64>.allocate(capacity: slots * words)   // the nodes in `reached`
        marks.initialize(repeating: 0, count: slots * words)
        defer { lanes.deallocate(); reached.deallocate(); marks.deallocate() }
        members.withUnsafeBufferPointer { mp in
        g.offsets.withUnsafeBufferPointer { gop in
        g.neighbours.withUnsafeBufferPointer { gnp in
        out.offsets.withUnsafeBufferPointer { oop in
        out.heads.withUnsafeBufferPointer { ohp in
        perSlot.withUnsafeMutableBufferPointer { ps in
            let psb = ps.baseAddress!
            let go = gop.baseAddress!, off = oop.baseAddress!, member = mp.baseAddress!
            guard let gn = gnp.baseAddress, let nb = ohp.baseAddress else { return }   // no edges: no triangles
            // Both passes are one parallel loop: iterations 0 ..< groups count lowest and
            // middle nodes, groups ..< 2 groups count top nodes.
            BLASThreads.concurrentPerform(iterations: 2 * groups) { job in
                free.wait()
                lock.lock(); let s = pool.removeLast(); lock.unlock()
                defer { lock.lock(); pool.append(s); lock.unlock(); free.signal() }
                let lane = lanes + s * n, list = reached + s * n, seen = marks + s * words
                let bytes = UnsafeMutableRawPointer(lane)
                psb[s].withUnsafeMutableBufferPointer { tp in
                    let t = tp.baseAddress!
                    let top = job >= groups
                    let g0 = (top ? job - groups : job) * width, g1 = Swift.min(n, g0 + width)
                    var count = 0
                    // the lanes: lowest pass a_i -> v, top pass v -> c_j
                    for i in 0..<(g1 - g0) {
                        let x = Int(member[g0 + i])
                        if !top {
                            for k in off[x]..<off[x + 1] {
                                let v = Int(nb[k])
                                if seen[v >> 6] & (1 << UInt64(v & 63)) == 0 { seen[v >> 6] |= 1 << UInt64(v & 63); list[count] = Int32(v); count += 1 }
                                bytes.storeBytes(of: 1, toByteOffset: v * width + i, as: UInt8.self)
                            }
                        } else {
                            let dx = go[x + 1] - go[x]
                            for k in go[x]..<go[x + 1] {
                                let v = Int(gn[k]), dv = go[v + 1] - go[v]
                                guard dv < dx || (dv == dx && v < x) else { continue }   // v -> x
                                if seen[v >> 6] & (1 << UInt64(v & 63)) == 0 { seen[v >> 6] |= 1 << UInt64(v & 63); list[count] = Int32(v); count += 1 }
                                bytes.storeBytes(of: 1, toByteOffset: v * width + i, as: UInt8.self)
                            }
                        }
                    }
                    // per-lane totals of the group (lowest or top counts)
                    var total = SIMD16<UInt64>.zero   // a hub's top count can pass 2^32
                    for r in 0..<count {
                        let u = Int(list[r]), mine = lane[u]
                        var k = off[u]
                        let end = off[u + 1]
                        var sum = 0
                        while k < end {
                            // at most 255 byte-lane additions before widening
                            let stop = Swift.min(end, k + 255)
                            var acc = Lanes.zero
                            while k < stop { acc &+= mine & lane[Int(nb[k])]; k += 1 }
                            let wide = SIMD16<UInt16>(truncatingIfNeeded: acc)
                            total &+= SIMD16<UInt64>(truncatingIfNeeded: wide)
                            sum &+= Int(wide.wrappedSum())
                        }
                        if !top { t[u] &+= sum }   // u is the middle node of `sum` triangles
                    }
                    for i in 0..<(g1 - g0) { t[Int(member[g0 + i])] &+= Int(total[i]) }
                    for r in 0..<count { let v = Int(list[r]); lane[v] = .zero; seen[v >> 6] = 0 }
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

    /// Voxels ordered by blocks of 4 x 2 x 2 (x, y, z) on their grid, then by index: groups of 16
    /// consecutive voxels in this order are compact blocks, whose neighbourhoods overlap more
    /// than those of 16 voxels along a line (less work for `count`). `voxels` are linear
    /// indices `i + nx (j + ny k)`.
    public static func spatialGroups(voxels: [Int], nx: Int, ny: Int) -> [Int32] {
        let bx = (nx + 3) / 4, by = (ny + 1) / 2
        func key(_ v: Int) -> Int {
            let i = v % nx, j = (v / nx) % ny, k = v / (nx * ny)
            return ((k / 2) * by + j / 2) * bx + i / 4
        }
        return voxels.indices.sorted { a, b in
            let ka = key(voxels[a]), kb = key(voxels[b])
            return ka != kb ? ka < kb : a < b
        }.map { Int32($0) }
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

/// The edges of a graph oriented from the lower- to the higher-ranked end, nodes ranked by
/// (degree, index): `heads[offsets[a] ..< offsets[a + 1]]` are a's out-neighbours (in the
/// order of a's row). Each edge is stored once: 4 E bytes.
struct OrientedEdges {
    let offsets: [Int]
    let heads: [Int32]

    init(_ g: SparseVoxelGraph) {
        let n = g.nodeCount
        var offsets = [Int](repeating: 0, count: n + 1)
        var heads = [Int32](repeating: 0, count: g.neighbours.count / 2)
        g.offsets.withUnsafeBufferPointer { gop in
            g.neighbours.withUnsafeBufferPointer { gnp in
                let go = gop.baseAddress!, gn = gnp.baseAddress!
                @inline(__always) func before(_ a: Int, _ da: Int, _ b: Int) -> Bool {
                    let db = go[b + 1] - go[b]
                    return da < db || (da == db && a < b)
                }
                offsets.withUnsafeMutableBufferPointer { op in
                    heads.withUnsafeMutableBufferPointer { hp in
                        let o = op.baseAddress!, h = hp.baseAddress!
                        var fill = 0
                        for a in 0..<n {
                            o[a] = fill
                            let da = go[a + 1] - go[a]
                            for k in go[a]..<go[a + 1] where before(a, da, Int(gn[k])) { h[fill] = gn[k]; fill += 1 }
                        }
                        o[n] = fill
                    }
                }
            }
        }
        self.offsets = offsets
        self.heads = heads
    }
}
