import LinearAlgebra

/// Degree-preserving randomisation (Maslov & Sneppen 2002), a transcription of bctpy 0.6.1
/// `randmio_und(R, itr, seed=S)`: each of itr x (edges) steps picks two edges (a-b, c-d) with
/// four distinct ends, flips c-d with probability 1/2, and rewires to a-d, c-b when both are
/// absent, trying up to round(n k / (n(n-1))) times. With the same seed it draws the same
/// numbers as bctpy (`NumPyRandomState`), so it returns the same graph.
public enum Rewiring {
    public struct Result: Sendable {
        public let weights: Matrix<Double>
        /// Number of successful rewirings (bctpy's `eff`).
        public let successfulRewirings: Int
    }

    public static func randomize(_ g: Graph, iterations: Int, seed: UInt32) -> Result {
        var r = g.weights
        let n = r.rows
        var ei: [Int] = [], ej: [Int] = []
        // np.where(np.tril(R)): lower-triangle edges (row > column), row-major order
        for i in 0..<n { for j in 0..<i where r[i, j] != 0 { ei.append(i); ej.append(j) } }
        let k = ei.count
        // bctpy loops forever when no two edges have four distinct ends (a star, a triangle):
        // nothing can be rewired then, so the graph is returned unchanged.
        guard k >= 2, hasDisjointEdgePair(ei, ej) else { return Result(weights: r, successfulRewirings: 0) }
        var rng = NumPyRandomState(seed: seed)
        let maxAttempts = (Double(n * k) / Double(n * (n - 1))).rounded(.toNearestOrEven)
        var eff = 0
        // saturating: an overflowing count is refused by SmallWorld.sigma before it gets here
        let (attempts, overflow) = iterations.multipliedReportingOverflow(by: k)
        for _ in 0..<(overflow ? Int.max : Swift.max(0, attempts)) {
            var att = 0.0
            while att <= maxAttempts {
                var a = 0, b = 0, c = 0, d = 0, e1 = 0, e2 = 0
                while true {
                    e1 = rng.randint(k); e2 = rng.randint(k)
                    while e1 == e2 { e2 = rng.randint(k) }
                    a = ei[e1]; b = ej[e1]; c = ei[e2]; d = ej[e2]
                    if a != c && a != d && b != c && b != d { break }
                }
                if rng.randomSample() > 0.5 {
                    ei[e2] = d; ej[e2] = c
                    c = ei[e2]; d = ej[e2]
                }
                if r[a, d] == 0 && r[c, b] == 0 {
                    r[a, d] = r[a, b]; r[a, b] = 0
                    r[d, a] = r[b, a]; r[b, a] = 0
                    r[c, b] = r[c, d]; r[c, d] = 0
                    r[b, c] = r[d, c]; r[d, c] = 0
                    ej[e1] = d; ej[e2] = b
                    eff += 1
                    break
                }
                att += 1
            }
        }
        return Result(weights: r, successfulRewirings: eff)
    }

    /// True when some two edges share no node. Every edge meets the first edge (a, b) unless
    /// such a pair exists; then either all edges contain a (or b), a star, or the others are
    /// (a, x) and (b, y) and a disjoint pair exists iff some x != y (otherwise a triangle).
    static func hasDisjointEdgePair(_ ei: [Int], _ ej: [Int]) -> Bool {
        let a = ei[0], b = ej[0]
        var xs = Set<Int>(), ys = Set<Int>()
        for e in 1..<ei.count {
            let u = ei[e], v = ej[e]
            if u != a && u != b && v != a && v != b { return true }
            if u == a || v == a { xs.insert(u == a ? v : u) } else { ys.insert(u == b ? v : u) }
        }
        xs.remove(b)
        guard !xs.isEmpty, !ys.isEmpty else { return false }
        return xs.union(ys).count > 1
    }
}
