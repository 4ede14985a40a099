/// Eigenvector centralities of a voxel graph.
public enum VoxelCentrality {
    /// Principal eigenvector of the binary adjacency: unit L2 norm, non-negative (entries
    /// below 0 from rounding, and nodes without edges, are 0). igraph's
    /// `eigenvector_centrality(scale=True)` is the same vector divided by its largest entry.
    /// A graph without edges gives zeros. Lanczos is started from the indicator of the nodes
    /// that have edges, so isolated nodes stay exactly 0.
    public static func eigenvector(_ g: SparseVoxelGraph, solver: LeadingEigenvector = .init(),
                                   threads: Int = BLASThreads.cores) -> (vector: [Double], result: LeadingEigenvector.Result) {
        let start = (0..<g.nodeCount).map { g.degree($0) > 0 ? 1.0 : 0.0 }
        let r = solver.compute(size: g.nodeCount, start: start) { g.multiply($0, threads: threads) }
        return (nonNegativeUnit(r.vector), r)
    }

    /// Fast eigenvector centrality mapping (Wink et al. 2012; AFNI 3dECM -fecm): the principal
    /// eigenvector of (R + 1) / 2 over all node pairs, diagonal included, every product
    /// computed through the normalised series Z (nodes x volumes, unit-norm rows, R = Z Z')
    /// without forming R: (R + 1)/2 v = (Z (Z' v) + sum(v)) / 2. Unit L2 norm, non-negative.
    /// It does not depend on the edge rule. Each product runs over fixed parts of 2048 rows
    /// (gemv per part, shared among the cores; Z' v summed over the parts in part order), so
    /// the result does not depend on the number of cores.
    public static func ecm(_ s: NormalizedVoxelSeries, solver: LeadingEigenvector = .init(),
                           threads: Int = BLASThreads.cores) -> (vector: [Double], result: LeadingEigenvector.Result) {
        let n = s.count, t = s.length
        let start = [Double](repeating: 1, count: n)
        let rows = 2048
        let parts = Swift.max(1, (n + rows - 1) / rows)
        let workers = Swift.max(1, Swift.min(threads, parts))
        var partial = [Double](repeating: 0, count: parts * t)
        let r = solver.compute(size: n, start: start) { v in
            var u = [Double](repeating: 0, count: t)
            var y = [Double](repeating: 0, count: n)
            let total = v.reduce(0, +)
            guard t > 0 else { return y.map { _ in total / 2 } }
            s.z.withUnsafeBufferPointer { zp in
            v.withUnsafeBufferPointer { vp in
            partial.withUnsafeMutableBufferPointer { pp in
            u.withUnsafeMutableBufferPointer { up in
            y.withUnsafeMutableBufferPointer { yp in
                let z = zp.baseAddress!, vb = vp.baseAddress!, pb = pp.baseAddress!, ub = up.baseAddress!, yb = yp.baseAddress!
                // u_p = Z_p' v_p per part, then u = sum of the u_p in part order
                BLASThreads.concurrentPerform(iterations: workers) { w in
                    for p in stride(from: w, to: parts, by: workers) {
                        let r0 = p * rows, m = Swift.min(rows, n - r0)
                        Double.gemv(true, Int32(m), Int32(t), 1, z + r0 * t, Int32(t), vb + r0, 0, pb + p * t)
                    }
                }
                for p in 0..<parts { for k in 0..<t { ub[k] += pb[p * t + k] } }
                // y_p = Z_p u per part
                BLASThreads.concurrentPerform(iterations: workers) { w in
                    for p in stride(from: w, to: parts, by: workers) {
                        let r0 = p * rows, m = Swift.min(rows, n - r0)
                        Double.gemv(false, Int32(m), Int32(t), 1, z + r0 * t, Int32(t), ub, 0, yb + r0)
                    }
                }
            }
            }
            }
            }
            }
            for i in 0..<n { y[i] = (y[i] + total) / 2 }
            return y
        }
        return (nonNegativeUnit(r.vector), r)
    }

    /// Negative entries (rounding noise around 0 in a Perron vector) set to 0, then unit norm.
    static func nonNegativeUnit(_ x: [Double]) -> [Double] {
        var y = x.map { Swift.max(0, $0) }
        let nrm = y.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if nrm > 0 { for i in y.indices { y[i] /= nrm } }
        return y
    }
}

import LinearAlgebra
