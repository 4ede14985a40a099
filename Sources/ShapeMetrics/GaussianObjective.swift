import LinearAlgebra

/// The T-dependent part of the Gaussian metric's d^2, to maximise over orthogonal T:
///
///     h(T) = alpha <K, T> + (2 - alpha) sum_i ||sy_i T sx_i||_*,   K = my' mx,
///
/// with its gradient and its second derivative along a direction (for the trust-region
/// Newton fit). `d^2 = const - 2 h(T) / M`.
///
/// With `M_i = sy_i T sx_i = U_i S_i V_i'`, the gradient is `alpha K + (2 - alpha) sum_i A_i B_i`
/// where `A_i = sy_i U_i` and `B_i = V_i' sx_i` (so `A_i B_i = sy_i polar(M_i) sx_i`), and
/// the derivative of the gradient along `dT` is `(2 - alpha) sum_i A_i Phi_i B_i` with
/// `E_i = A_i' dT B_i'` (= `U_i' dM_i V_i`) and `Phi_i[j,k] = (E_i[j,k] - E_i[k,j]) /
/// (s_j + s_k)`, the derivative of the polar factor (Higham, Functions of Matrices, 8.1).
/// One point costs M SVDs of n x n; each Hessian product only four n x n products per
/// condition, which is what makes Newton steps cheap here (at n = 64: ~0.46 ms per SVD,
/// ~10 us per product on this machine).
///
/// **Low rank.** The square roots enter only through factors (`CovarianceFactor`): with
/// `F_x F_x' = cx_i` (n x k) the condition's term is `||F_y' T F_x||_*` on a k x k matrix, the
/// gradient `F_y U V' F_x'` and the Hessian product the same formulas with `A_i = F_y U_i`,
/// `B_i = V_i' F_x'` (Phi on k x k). Both factors of a condition are brought to the same k
/// (zero columns, `CovarianceFactor.widened`) so its SVD is square and Phi keeps the dense
/// formula's pairing of zero singular values; a condition where either side has k = 0 (a
/// deterministic layer's zero covariance) contributes nothing and is skipped. With the
/// symmetric roots (k = n) this is exactly the dense computation, product for product. At 8
/// samples per condition and n = 96 a point costs 12 SVDs of 8 x 8 instead of 96 x 96.
///
/// All matrices are row-major `[Double]` buffers driven straight through BLAS/LAPACK with
/// reused scratch space: the generic `Matrix` operators allocate per call, which cost more
/// than the arithmetic in this inner loop.
final class GaussianObjective {
    let n: Int
    let conditions: Int
    let alpha: Double
    let meanCross: [Double]
    /// Per condition: k_i and the two factors at that k (k_i = 0: no term).
    let ranks: [Int]
    let fx: [CovarianceFactor]
    let fy: [CovarianceFactor]
    /// Row offsets of each condition's k_i x n block in the stacked buffers.
    let offsets: [Int]
    /// Sum of k_i.
    let stackedRows: Int

    /// Everything known at one point T. The per-condition factors are stacked (block i of
    /// k_i x n at row `offsets[i]`) so the gradient and the Hessian product run two of their
    /// products as one tall product over all conditions.
    struct Point {
        var t: Matrix<Double>
        var value: Double
        /// Euclidean gradient dh/dT.
        var gradient: Matrix<Double>
        /// Blocks `A_i' = U_i' F_y,i'` (k_i x n).
        var aT: [Double]
        /// Blocks `B_i = V_i' F_x,i'` (k_i x n).
        var b: [Double]
        /// Blocks of k_i singular values of `M_i`, descending.
        var singularValues: [Double]
    }

    private var work1: [Double]
    private var work2: [Double]
    private var u2: [Double]
    private var vt2: [Double]
    /// (sum k_i) x n scratch stacks for the Hessian product.
    private var yStack: [Double]
    private var zStack: [Double]

    /// Dense: the symmetric square roots of every condition's covariances (k_i = n).
    convenience init(alpha: Double, meanCross: Matrix<Double>, sqrtX: [Matrix<Double>], sqrtY: [Matrix<Double>]) {
        self.init(alpha: alpha, meanCross: meanCross, factorsX: sqrtX.map(CovarianceFactor.init(symmetricRoot:)),
                  factorsY: sqrtY.map(CovarianceFactor.init(symmetricRoot:)))
    }

    /// From covariance factors of each side (any k, n units each).
    init(alpha: Double, meanCross: Matrix<Double>, factorsX: [CovarianceFactor], factorsY: [CovarianceFactor]) {
        n = meanCross.rows
        conditions = factorsX.count
        self.alpha = alpha
        self.meanCross = meanCross.elements
        var ranks: [Int] = [], fx: [CovarianceFactor] = [], fy: [CovarianceFactor] = [], offsets: [Int] = []
        var rows = 0
        for (a, b) in zip(factorsX, factorsY) {
            let k = Swift.min(a.rank, b.rank) == 0 ? 0 : Swift.max(a.rank, b.rank)
            ranks.append(k)
            fx.append(a.widened(toRank: k))
            fy.append(b.widened(toRank: k))
            offsets.append(rows)
            rows += k
        }
        self.ranks = ranks
        self.fx = fx
        self.fy = fy
        self.offsets = offsets
        stackedRows = rows
        let kMax = ranks.max() ?? 0
        work1 = [Double](repeating: 0, count: Swift.max(kMax * n, 1))
        work2 = [Double](repeating: 0, count: Swift.max(kMax * kMax, 1))
        u2 = work2; vt2 = work2
        yStack = [Double](repeating: 0, count: Swift.max(rows * n, 1))
        zStack = yStack
    }

    /// Value, gradient and the factors the Hessian needs, at T.
    func evaluate(_ t: Matrix<Double>) throws -> Point {
        precondition(t.rows == n && t.columns == n)
        var g = meanCross.map { $0 * alpha }
        var value = alpha * zip(meanCross, t.elements).reduce(0) { $0 + $1.0 * $1.1 }
        let nn = Int32(n)
        var aT = [Double](), b = [Double](), sv = [Double]()
        if alpha < 2 && stackedRows > 0 {
            aT = [Double](repeating: 0, count: stackedRows * n); b = aT
            sv = [Double](repeating: 0, count: stackedRows)
            var s = [Double](repeating: 0, count: ranks.max() ?? 0)
            for i in 0..<conditions where ranks[i] > 0 {
                let k = ranks[i], kk = Int32(k), off = offsets[i] * n
                let ok: Bool = t.elements.withUnsafeBufferPointer { tp in
                    work1.withUnsafeMutableBufferPointer { w1 in
                        work2.withUnsafeMutableBufferPointer { m in
                            Double.gemm(false, false, kk, nn, nn, 1, fy[i].fT, nn, tp.baseAddress!, nn, 0, w1.baseAddress!, nn)  // F_y' T
                            Double.gemm(false, false, kk, kk, nn, 1, w1.baseAddress!, nn, fx[i].f, kk, 0, m.baseAddress!, kk)     // M = F_y' T F_x
                            return m[0..<(k * k)].allSatisfy { $0.isFinite }
                        }
                    }
                }
                if !ok { throw LinearAlgebraError.nonFinite("Gaussian metric: sy T sx") }
                try svdByGesdd(k, &s)                                   // U -> vt2, V' -> u2
                aT.withUnsafeMutableBufferPointer { ap in
                    Double.gemm(true, false, kk, nn, kk, 1, vt2, kk, fy[i].fT, nn, 0, ap.baseAddress! + off, nn)   // U' F_y'
                }
                b.withUnsafeMutableBufferPointer { bp in
                    Double.gemm(false, false, kk, nn, kk, 1, u2, kk, fx[i].fT, nn, 0, bp.baseAddress! + off, nn)   // V' F_x'
                }
                for j in 0..<k { sv[offsets[i] + j] = s[j] }
                value += (2 - alpha) * s[0..<k].reduce(0, +)
            }
            // G += (2 - alpha) sum_i A_i B_i = (2 - alpha) [A_1 ... A_m] [B_1; ...; B_m]
            Double.gemm(true, false, nn, nn, Int32(stackedRows), 2 - alpha, aT, nn, b, nn, 1, &g, nn)
        }
        return Point(t: t, value: value, gradient: Matrix(rows: n, columns: n, elements: g), aT: aT, b: b, singularValues: sv)
    }

    /// SVD of the k x k M (in `work2`, overwritten) by gesdd. The row-major M read column-major
    /// is M'; gesdd(M') = U2 S V2' gives M = V2 S U2', so the returned buffers are, read
    /// row-major, U (vt2) and V' (u2).
    private func svdByGesdd(_ k: Int, _ s: inout [Double]) throws {
        let info = Double.gesddColumnMajor(Int32(k), Int32(k), &work2, &s, &u2, &vt2)
        if info != 0 { throw info < 0 ? LinearAlgebraError.illegalArgument(routine: "gesdd", index: info) : LinearAlgebraError.noConvergence(routine: "gesdd") }
    }

    /// The derivative of the Euclidean gradient at `p` along `dT`.
    func gradientDerivative(at p: Point, along dt: Matrix<Double>) -> Matrix<Double> {
        var dg = [Double](repeating: 0, count: n * n)
        if alpha >= 2 || stackedRows == 0 { return Matrix(rows: n, columns: n, elements: dg) }
        let nn = Int32(n), tall = Int32(stackedRows)
        // Y_i = A_i' dT, all conditions in one product
        Double.gemm(false, false, tall, nn, nn, 1, p.aT, nn, dt.elements, nn, 0, &yStack, nn)
        work1.withUnsafeMutableBufferPointer { ep in
            yStack.withUnsafeMutableBufferPointer { y in
                zStack.withUnsafeMutableBufferPointer { z in
                    p.b.withUnsafeBufferPointer { b in
                        p.singularValues.withUnsafeBufferPointer { sv in
                            let e = ep.baseAddress!
                            for i in 0..<conditions where ranks[i] > 0 {
                                let k = ranks[i], kk = Int32(k), off = offsets[i] * n
                                let s = sv.baseAddress! + offsets[i], bi = b.baseAddress! + off
                                Double.gemm(false, true, kk, kk, nn, 1, y.baseAddress! + off, nn, bi, nn, 0, e, kk)   // E = A' dT B'
                                // Phi; floor s_j + s_k: the polar factor is not differentiable on a zero singular value
                                let floor = Swift.max(1e-12 * s[0], .leastNormalMagnitude)
                                for j in 0..<k {
                                    for l in (j + 1)..<k {
                                        let phi = (e[j * k + l] - e[l * k + j]) / Swift.max(s[j] + s[l], floor)
                                        e[j * k + l] = phi; e[l * k + j] = -phi
                                    }
                                    e[j * k + j] = 0
                                }
                                Double.gemm(false, false, kk, nn, kk, 1, e, kk, bi, nn, 0, z.baseAddress! + off, nn)  // Phi B
                            }
                        }
                    }
                }
            }
        }
        // dG = (2 - alpha) sum_i A_i Phi_i B_i = (2 - alpha) [A_1 ... A_m] [Phi_1 B_1; ...]
        Double.gemm(true, false, nn, nn, tall, 2 - alpha, p.aT, nn, zStack, nn, 0, &dg, nn)
        return Matrix(rows: n, columns: n, elements: dg)
    }
}
