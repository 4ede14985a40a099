import LinearAlgebra

/// The eigenvector of the largest eigenvalue of a symmetric operator given only as a product
/// `y = M x`, by explicitly restarted Lanczos with full reorthogonalisation: up to
/// `krylovDimension` Lanczos steps from the current vector (fewer once Lanczos' residual
/// estimate is below 1% of the tolerance), the tridiagonal matrix's top Ritz pair (LAPACK
/// syevd), restart from the Ritz vector, until the residual, computed explicitly,
/// `||M x - theta x||_2 <= tolerance * |theta|` (x of unit norm).
///
/// Why not plain power iteration: its error shrinks by lambda2/lambda1 per product, which for
/// voxel graphs can be close to 1; Lanczos converges with the square root of that gap. The
/// residual bound gives the eigenvector's error: at most residual / gap (Davis-Kahan).
public struct LeadingEigenvector: Sendable {
    public var tolerance = 1e-12
    public var krylovDimension = 40
    public var maximumRestarts = 500

    public init() {}

    public struct Result: Sendable {
        /// Unit L2 norm, sign chosen so the entries sum to >= 0.
        public let vector: [Double]
        public let value: Double
        /// `||M x - value x|| / |value|` at the end.
        public let relativeResidual: Double
        /// Products with M.
        public let products: Int
        public let converged: Bool
    }

    /// `start` must not be orthogonal to the wanted eigenvector (for a non-negative matrix the
    /// all-ones vector never is).
    public func compute(size n: Int, start: [Double], multiply: ([Double]) -> [Double]) -> Result {
        var x = start
        var nrm = norm(x)
        guard n > 0, nrm > 0 else { return Result(vector: [Double](repeating: 0, count: n), value: 0, relativeResidual: 0, products: 0, converged: true) }
        for i in 0..<n { x[i] /= nrm }
        var products = 0
        let m = Swift.max(1, Swift.min(krylovDimension, n))
        var theta = 0.0, residual = Double.infinity
        for _ in 0..<maximumRestarts {
            // Lanczos basis V (rows), tridiagonal alpha/beta
            var basis: [Double] = x
            var alpha: [Double] = [], beta: [Double] = []
            var steps = 0
            for j in 0..<m {
                let vj = Array(basis[(j * n)..<((j + 1) * n)])
                var w = multiply(vj); products += 1
                let a = dot(w, vj)
                alpha.append(a)
                // full reorthogonalisation against the whole basis, twice (through BLAS gemv)
                for _ in 0..<2 { orthogonalize(&w, against: basis, count: j + 1, n: n) }
                steps = j + 1
                let b = norm(w)
                if j == m - 1 { break }
                if b <= 1e-14 * Swift.max(Swift.abs(a), 1) { break }   // invariant subspace found
                // Lanczos' own residual estimate for the top Ritz pair, b |y_last|: stop building
                // the basis once it is well below the tolerance (checked explicitly below)
                if j >= 1, let (theta, y) = topRitzPair(alpha, beta, steps), b * Swift.abs(y[steps - 1]) <= 0.01 * tolerance * Swift.abs(theta) { break }
                beta.append(b)
                for i in 0..<n { w[i] /= b }
                basis += w
            }
            guard let (top, y) = topRitzPair(alpha, beta, steps) else { break }
            theta = top
            var ritz = [Double](repeating: 0, count: n)
            basis.withUnsafeBufferPointer { v in
                y.withUnsafeBufferPointer { yp in
                    ritz.withUnsafeMutableBufferPointer { r in
                        Double.gemv(true, Int32(steps), Int32(n), 1, v.baseAddress!, Int32(n), yp.baseAddress!, 0, r.baseAddress!)
                    }
                }
            }
            nrm = norm(ritz)
            for i in 0..<n { ritz[i] /= nrm }
            let mx = multiply(ritz); products += 1
            var rr = 0.0
            for i in 0..<n { let d = mx[i] - theta * ritz[i]; rr += d * d }
            residual = rr.squareRoot() / Swift.max(Swift.abs(theta), Double.leastNormalMagnitude)
            x = ritz
            if theta == 0 || residual <= tolerance { return finish(x, theta, residual, products, true) }
        }
        return finish(x, theta, residual, products, residual <= tolerance)
    }

    /// The largest eigenvalue of the `steps` x `steps` tridiagonal matrix (diagonal `alpha`,
    /// off-diagonal `beta`) and its eigenvector (LAPACK syevd).
    private func topRitzPair(_ alpha: [Double], _ beta: [Double], _ steps: Int) -> (Double, [Double])? {
        var t = Matrix<Double>(rows: steps, columns: steps)
        for i in 0..<steps { t[i, i] = alpha[i]; if i + 1 < steps { t[i, i + 1] = beta[i]; t[i + 1, i] = beta[i] } }
        guard let e = try? t.symmetricEigen() else { return nil }
        return (e.values[steps - 1], (0..<steps).map { e.vectors[$0, steps - 1] })
    }

    private func finish(_ x: [Double], _ theta: Double, _ residual: Double, _ products: Int, _ ok: Bool) -> Result {
        let s = x.reduce(0, +) < 0 ? -1.0 : 1.0
        return Result(vector: x.map { s * $0 }, value: theta, relativeResidual: residual, products: products, converged: ok)
    }

    /// w -= V' (V w) for the first `count` rows of V.
    private func orthogonalize(_ w: inout [Double], against v: [Double], count k: Int, n: Int) {
        var c = [Double](repeating: 0, count: k)
        v.withUnsafeBufferPointer { vp in
            w.withUnsafeMutableBufferPointer { wp in
                c.withUnsafeMutableBufferPointer { cp in
                    Double.gemv(false, Int32(k), Int32(n), 1, vp.baseAddress!, Int32(n), wp.baseAddress!, 0, cp.baseAddress!)
                    Double.gemv(true, Int32(k), Int32(n), -1, vp.baseAddress!, Int32(n), cp.baseAddress!, 1, wp.baseAddress!)
                }
            }
        }
    }

    private func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in a.indices { s += a[i] * b[i] }
        return s
    }

    private func norm(_ a: [Double]) -> Double { dot(a, a).squareRoot() }
}
