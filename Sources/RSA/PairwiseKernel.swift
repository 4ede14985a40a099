import Foundation
import LinearAlgebra

/// The one mechanism behind every RDM: a kernel matrix `T = sum_m c_m U_m V_m'` over the
/// conditions, turned into dissimilarities either as
/// `d_ij = scale * (T_ii + T_jj - T_ij - T_ji)` (euclidean, mahalanobis, crossnobis, poisson:
/// rsatoolbox's `diag(kernel) + diag(kernel)' - kernel - kernel'`) or as `d_ij = 1 - T_ij`
/// (correlation, cosine on normalised rows).
///
/// Only the upper triangle is computed, one block of rows at a time through BLAS gemm
/// (`U_m[I] V_m[i0...]'`), so the memory beyond the condensed output is one
/// `blockRows x K` buffer: 10,000 conditions fit where a full `K x K` kernel (rsatoolbox
/// builds several) would not. Generic over Float and Double (the float32 option).
struct PairwiseKernel<Scalar: LAPACKScalar> {
    /// `c * sum_b U_b V_b'` where U and V stack `blocks` matrices of K rows each (runs of a
    /// pattern set, used in place without copying them side by side).
    struct Term {
        var coefficient: Scalar
        var u: Matrix<Scalar>
        var v: Matrix<Scalar>
        var blocks: Int = 1
    }

    enum Form { case difference(scale: Scalar), oneMinus }

    var terms: [Term]
    var form: Form
    /// True when every `U_m V_m'` is symmetric (V_m = U_m W with W symmetric), so `T_ji = T_ij`.
    var symmetric: Bool

    var conditions: Int { terms[0].u.rows / terms[0].blocks }

    /// Rows per block: at most 256 (so the skipped lower triangle saves about half the
    /// work) and at most ~32 MB of kernel.
    func blockRows() -> Int {
        let k = conditions
        return Swift.max(1, Swift.min(k, 256, (4 << 20) / Swift.max(k, 1)))
    }

    /// The condensed upper triangle, converted to Double. The blocks of rows are fixed (they
    /// depend on K only) and run in parallel on all cores (`BLASThreads.concurrentPerform`, one
    /// OpenBLAS thread each, a kernel buffer per worker): every block is computed by the same
    /// single-threaded calls whatever the number of cores, so the RDM is the same bits
    /// everywhere, and each block writes its own part of the output.
    func condensed() -> [Double] {
        let k = conditions
        var out = [Double](repeating: 0, count: k * (k - 1) / 2)
        guard k >= 2 else { return out }
        let diag = diagonal()
        let b = blockRows()
        let starts = Array(stride(from: 0, to: k - 1, by: b))
        let workers = Swift.max(1, Swift.min(starts.count, BLASThreads.cores))
        let lock = NSLock()
        var next = 0
        out.withUnsafeMutableBufferPointer { outp in
            BLASThreads.concurrentPerform(iterations: workers) { _ in
                var t = [Scalar](repeating: 0, count: b * k)
                var tt = symmetric ? [] : [Scalar](repeating: 0, count: b * k)
                while true {
                    lock.lock(); let q = next; next += 1; lock.unlock()
                    guard q < starts.count else { return }
                    let i0 = starts[q], i1 = Swift.min(k, i0 + b)
                    let width = k - i0
                    accumulate(rows: i0..<i1, into: &t, transposed: false)
                    if !symmetric { accumulate(rows: i0..<i1, into: &tt, transposed: true) }
                    for i in i0..<i1 {
                        let r = i - i0
                        var n = RDM.index(i, i + 1, conditions: k)
                        for j in (i + 1)..<k {
                            let tij = t[r * width + (j - i0)]
                            switch form {
                            case .oneMinus:
                                outp[n] = Double(1 - tij)
                            case .difference(let scale):
                                let tji = symmetric ? tij : tt[r * width + (j - i0)]
                                outp[n] = Double((diag[i] + diag[j] - tij - tji) * scale)
                            }
                            n += 1
                        }
                    }
                }
            }
        }
        return out
    }

    /// `diag(T)_i = sum_m c_m sum_b <u_m,b,i, v_m,b,i>`.
    func diagonal() -> [Scalar] {
        let k = conditions
        var d = [Scalar](repeating: 0, count: k)
        for term in terms {
            let p = term.u.columns
            term.u.elements.withUnsafeBufferPointer { u in
                term.v.elements.withUnsafeBufferPointer { v in
                    for i in 0..<k {
                        var s: Scalar = 0
                        for b in 0..<term.blocks {
                            let row = (b * k + i) * p
                            s += Self.dot(u.baseAddress! + row, v.baseAddress! + row, p)
                        }
                        d[i] += term.coefficient * s
                    }
                }
            }
        }
        return d
    }

    /// Dot product with four accumulators (vectorisable).
    @inline(__always) static func dot(_ a: UnsafePointer<Scalar>, _ b: UnsafePointer<Scalar>, _ n: Int) -> Scalar {
        var s0: Scalar = 0, s1: Scalar = 0, s2: Scalar = 0, s3: Scalar = 0
        var q = 0
        while q + 4 <= n {
            s0 += a[q] * b[q]; s1 += a[q + 1] * b[q + 1]; s2 += a[q + 2] * b[q + 2]; s3 += a[q + 3] * b[q + 3]
            q += 4
        }
        while q < n { s0 += a[q] * b[q]; q += 1 }
        return (s0 + s1) + (s2 + s3)
    }

    /// `T[I, i0...]` (or `T'[I, i0...]` when transposed) into `out` (row stride K - i0).
    private func accumulate(rows: Range<Int>, into out: inout [Scalar], transposed: Bool) {
        let k = conditions
        let i0 = rows.lowerBound
        let m = rows.count, n = k - i0
        var first = true
        for term in terms {
            let a = transposed ? term.v : term.u
            let bm = transposed ? term.u : term.v
            let p = a.columns
            a.elements.withUnsafeBufferPointer { ap in
                bm.elements.withUnsafeBufferPointer { bp in
                    out.withUnsafeMutableBufferPointer { cp in
                        for b in 0..<term.blocks {
                            let offset = (b * k + i0) * p
                            Scalar.gemm(false, true, Int32(m), Int32(n), Int32(p), term.coefficient,
                                        ap.baseAddress! + offset, Int32(p), bp.baseAddress! + offset, Int32(p),
                                        first ? 0 : 1, cp.baseAddress!, Int32(n))
                            first = false
                        }
                    }
                }
            }
        }
    }
}
