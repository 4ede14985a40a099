import LinearAlgebra

/// One edge a < b with its correlation (16 bytes).
struct Edge {
    let a: Int32
    let b: Int32
    let r: Double
}

/// Collects the edges of a blocked scan (`BlockedCorrelation.forEachBlock`) and turns them
/// into the graph. While a worker scans a block row, the edges it keeps go to that worker's
/// list (appended in the order it finds them: column blocks ascending, rows ascending, partners
/// ascending); at the end of the block row they are copied, at their exact size, into that
/// block row's place, and the worker's list is emptied for its next block row. So the edges come
/// out in an order fixed by the block size alone (block rows ascending), whichever worker scanned
/// which block row and whenever it finished: the graph and the strengths (summed in that order)
/// are the same for any number of threads.
struct EdgeCollector {
    let nodeCount: Int
    /// Each block row's edges (extra lists, such as the density rule's cut-bin winners, may be
    /// appended after the scan).
    var lists: [[Edge]] = []

    init(nodeCount: Int) { self.nodeCount = nodeCount }

    /// Runs `engine` over `z`, handing `scan(slot, block, edges)` each product block with the
    /// slot's edge list to append to; returns the seconds spent in the products.
    mutating func collect<S: LAPACKScalar>(_ engine: BlockedCorrelation, _ z: [S],
                                           _ scan: (Int, BlockedCorrelation.Block<S>, UnsafeMutablePointer<[Edge]>) -> Void) -> Double {
        let block = Swift.max(1, engine.blockSize)
        let blockRows = (nodeCount + block - 1) / block
        let slots = UnsafeMutablePointer<[Edge]>.allocate(capacity: engine.threads)
        slots.initialize(repeating: [], count: engine.threads)
        defer { slots.deinitialize(count: engine.threads); slots.deallocate() }
        var rows = [[Edge]](repeating: [], count: blockRows)
        var seconds = 0.0
        rows.withUnsafeMutableBufferPointer { rp in
            let rb = rp.baseAddress!
            seconds = engine.forEachBlock(z, { slot, b in scan(slot, b, slots + slot) },
                                          endOfBlockRow: { slot, ib, _ in
                rb[ib] = Array(slots[slot])
                slots[slot].removeAll(keepingCapacity: true)
            })
        }
        lists += rows
        return seconds
    }

    /// The graph (compressed sparse rows) and each node's strength, built from the lists in one
    /// counting pass and one filling pass, each list freed once it is used: a row's partners
    /// below it (filled from the front of its part) and above it (filled from where the partners
    /// below end) come out ascending when the lists are in (block row, column block, a, b)
    /// order, as a scan gives them; rows that are not (extra lists) are sorted. Strength sums r
    /// over the edges in list order. Memory: the lists (16 bytes per edge) and the rows (8 bytes
    /// per edge).
    mutating func finish(candidatePairs: Int, key: (Double) -> Double) -> BuiltVoxelGraph {
        let n = nodeCount
        var offsets = [Int](repeating: 0, count: n + 1)
        var below = [Int](repeating: 0, count: n)      // partners below each node
        var strength = [Double](repeating: 0, count: n)
        var weakest = Double.infinity
        for list in lists {
            list.withUnsafeBufferPointer { e in
                offsets.withUnsafeMutableBufferPointer { o in
                    below.withUnsafeMutableBufferPointer { lo in
                        for edge in e {
                            o[Int(edge.a) + 1] += 1; o[Int(edge.b) + 1] += 1; lo[Int(edge.b)] += 1
                        }
                    }
                }
            }
        }
        for a in 0..<n { offsets[a + 1] += offsets[a] }
        var fillBelow = Array(offsets.dropLast())
        var fillAbove = (0..<n).map { offsets[$0] + below[$0] }
        below = []
        var nb = [Int32](repeating: 0, count: offsets[n])
        for i in lists.indices {
            lists[i].withUnsafeBufferPointer { e in
                nb.withUnsafeMutableBufferPointer { nbp in
                fillBelow.withUnsafeMutableBufferPointer { fb in
                fillAbove.withUnsafeMutableBufferPointer { fa in
                strength.withUnsafeMutableBufferPointer { s in
                    for edge in e {
                        let a = Int(edge.a), b = Int(edge.b)
                        nbp[fa[a]] = edge.b; fa[a] += 1
                        nbp[fb[b]] = edge.a; fb[b] += 1
                        s[a] += edge.r; s[b] += edge.r
                        weakest = Swift.min(weakest, key(edge.r))
                    }
                }
                }
                }
                }
            }
            lists[i] = []
        }
        lists = []
        // rows out of order (only after extra lists): sorted
        nb.withUnsafeMutableBufferPointer { nbp in
            for a in 0..<n {
                let lo = offsets[a], hi = offsets[a + 1]
                var ordered = true
                var k = lo + 1
                while k < hi { if nbp[k - 1] >= nbp[k] { ordered = false; break }; k += 1 }
                if !ordered { var row = UnsafeMutableBufferPointer(rebasing: nbp[lo..<hi]); row.sort() }
            }
        }
        let graph = SparseVoxelGraph(nodeCount: n, offsets: offsets, neighbours: nb)
        return BuiltVoxelGraph(graph: graph, strength: strength, candidatePairs: candidatePairs, weakestEdgeKey: offsets[n] > 0 ? weakest : nil)
    }
}
