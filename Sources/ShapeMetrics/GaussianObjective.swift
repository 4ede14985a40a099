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
/// All matrices are row-major `[Double]` buffers driven straight through BLAS/LAPACK with
/// reused scratch space: the generic `Matrix` operators allocate per call, which cost more
/// than the arithmetic in this inner loop.
final class GaussianObjective {
    let n: Int
    let conditions: Int
    let alpha: Double
    let meanCross: [Double]
    let sx: [[Double]]
    let sy: [[Double]]

    /// Everything known at one point T. The per-condition factors are stacked (block i of
    /// n x n at offset i n^2) so the Hessian product runs two of its four products per
    /// condition as one tall product over all conditions.
    struct Point {
        var t: Matrix<Double>
        var value: Double
        /// Euclidean gradient dh/dT.
        var gradient: Matrix<Double>
        /// Blocks `A_i' = U_i' sy_i`.
        var aT: [Double]
        /// Blocks `B_i = V_i' sx_i`.
        var b: [Double]
        /// Blocks of n singular values of `M_i`, descending.
        var singularValues: [Double]
    }

    private var work1: [Double]
    private var work2: [Double]
    private var u2: [Double]
    private var vt2: [Double]
    /// (conditions n) x n scratch stacks for the Hessian product.
    private var yStack: [Double]
    private var zStack: [Double]

    init(alpha: Double, meanCross: Matrix<Double>, sqrtX: [Matrix<Double>], sqrtY: [Matrix<Double>]) {
        n = meanCross.rows
        conditions = sqrtX.count
        self.alpha = alpha
        self.meanCross = meanCross.elements
        sx = sqrtX.map(\.elements)
        sy = sqrtY.map(\.elements)
        work1 = [Double](repeating: 0, count: n * n)
        work2 = work1; u2 = work1; vt2 = work1
        yStack = [Double](repeating: 0, count: conditions * n * n)
        zStack = yStack
    }

    /// C = op(A) op(B) (+ C when `accumulate`), n x n row-major.
    @inline(__always)
    private func product(_ a: UnsafePointer<Double>, _ ta: Bool, _ b: UnsafePointer<Double>, _ tb: Bool,
                         _ c: UnsafeMutablePointer<Double>, scale: Double = 1, accumulate: Bool = false) {
        let k = Int32(n)
        Double.gemm(ta, tb, k, k, k, scale, a, k, b, k, accumulate ? 1 : 0, c, k)
    }

    /// Value, gradient and the factors the Hessian needs, at T.
    func evaluate(_ t: Matrix<Double>) throws -> Point {
        precondition(t.rows == n && t.columns == n)
        var g = meanCross.map { $0 * alpha }
        var value = alpha * zip(meanCross, t.elements).reduce(0) { $0 + $1.0 * $1.1 }
        let nn = n * n, k = Int32(n)
        var aT = [Double](), b = [Double](), sv = [Double]()
        if alpha < 2 {
            aT = [Double](repeating: 0, count: conditions * nn); b = aT
            sv = [Double](repeating: 0, count: conditions * n)
            var s = [Double](repeating: 0, count: n)
            for i in 0..<conditions {
                let ok: Bool = t.elements.withUnsafeBufferPointer { tp in
                    work1.withUnsafeMutableBufferPointer { w1 in
                        work2.withUnsafeMutableBufferPointer { m in
                            product(sy[i], false, tp.baseAddress!, false, w1.baseAddress!)
                            product(w1.baseAddress!, false, sx[i], false, m.baseAddress!)   // M = sy T sx
                            return m.allSatisfy { $0.isFinite }
                        }
                    }
                }
                if !ok { throw LinearAlgebraError.nonFinite("Gaussian metric: sy T sx") }
                try svdByGesdd(&s)                                   // U -> vt2, V' -> u2
                aT.withUnsafeMutableBufferPointer { ap in product(vt2, true, sy[i], false, ap.baseAddress! + i * nn) }   // U' sy
                b.withUnsafeMutableBufferPointer { bp in product(u2, false, sx[i], false, bp.baseAddress! + i * nn) }    // V' sx
                for j in 0..<n { sv[i * n + j] = s[j] }
                value += (2 - alpha) * s.reduce(0, +)
            }
            // G += (2 - alpha) sum_i A_i B_i = (2 - alpha) [A_1 ... A_m] [B_1; ...; B_m]
            Double.gemm(true, false, k, k, Int32(conditions * n), 2 - alpha, aT, k, b, k, 1, &g, k)
        }
        return Point(t: t, value: value, gradient: Matrix(rows: n, columns: n, elements: g), aT: aT, b: b, singularValues: sv)
    }

    /// SVD of M (in `work2`, overwritten) by gesdd. The row-major M read column-major is M';
    /// gesdd(M') = U2 S V2' gives M = V2 S U2', so the returned buffers are, read row-major,
    /// U (vt2) and V' (u2).
    private func svdByGesdd(_ s: inout [Double]) throws {
        let info = Double.gesddColumnMajor(Int32(n), Int32(n), &work2, &s, &u2, &vt2)
        if info != 0 { throw info < 0 ? LinearAlgebraError.illegalArgument(routine: "gesdd", index: info) : LinearAlgebraError.noConvergence(routine: "gesdd") }
    }

    /// The derivative of the Euclidean gradient at `p` along `dT`.
    func gradientDerivative(at p: Point, along dt: Matrix<Double>) -> Matrix<Double> {
        var dg = [Double](repeating: 0, count: n * n)
        if alpha >= 2 { return Matrix(rows: n, columns: n, elements: dg) }
        let nn = n * n, k = Int32(n), tall = Int32(conditions * n)
        // Y_i = A_i' dT, all conditions in one product
        Double.gemm(false, false, tall, k, k, 1, p.aT, k, dt.elements, k, 0, &yStack, k)
        work1.withUnsafeMutableBufferPointer { ep in
            yStack.withUnsafeMutableBufferPointer { y in
                zStack.withUnsafeMutableBufferPointer { z in
                    p.b.withUnsafeBufferPointer { b in
                        p.singularValues.withUnsafeBufferPointer { sv in
                            let e = ep.baseAddress!
                            for i in 0..<conditions {
                                let s = sv.baseAddress! + i * n, bi = b.baseAddress! + i * nn
                                product(y.baseAddress! + i * nn, false, bi, true, e)   // E = A' dT B'
                                // Phi; floor s_j + s_k: the polar factor is not differentiable on a zero singular value
                                let floor = Swift.max(1e-12 * s[0], .leastNormalMagnitude)
                                for j in 0..<n {
                                    for l in (j + 1)..<n {
                                        let phi = (e[j * n + l] - e[l * n + j]) / Swift.max(s[j] + s[l], floor)
                                        e[j * n + l] = phi; e[l * n + j] = -phi
                                    }
                                    e[j * n + j] = 0
                                }
                                product(e, false, bi, false, z.baseAddress! + i * nn)  // Phi B
                            }
                        }
                    }
                }
            }
        }
        // dG = (2 - alpha) sum_i A_i Phi_i B_i = (2 - alpha) [A_1 ... A_m] [Phi_1 B_1; ...]
        Double.gemm(true, false, k, k, tall, 2 - alpha, p.aT, k, zStack, k, 0, &dg, k)
        return Matrix(rows: n, columns: n, elements: dg)
    }
}
