import CLapack

/// A floating-point type with BLAS and LAPACKE routines: `Float` (s-prefixed routines) and
/// `Double` (d-prefixed). All calls are row-major (`CblasRowMajor`, `LAPACK_ROW_MAJOR`), except
/// the `...ColumnMajor` routines and `syevdValues`, which say how they map a row-major buffer.
///
/// The static functions are the raw routines; `Matrix` wraps them with shape checks.
public protocol LAPACKScalar: BinaryFloatingPoint, Sendable
where Self.RawSignificand: FixedWidthInteger {
    /// Machine epsilon (`numpy.finfo(dtype).eps`).
    static var machineEpsilon: Self { get }
    /// Elementary functions used by the symmetric matrix functions.
    static func sqrtOf(_ x: Self) -> Self
    static func logOf(_ x: Self) -> Self
    static func expOf(_ x: Self) -> Self

    static func gemm(_ transA: Bool, _ transB: Bool, _ m: Int32, _ n: Int32, _ k: Int32,
                     _ alpha: Self, _ a: UnsafePointer<Self>, _ lda: Int32,
                     _ b: UnsafePointer<Self>, _ ldb: Int32,
                     _ beta: Self, _ c: UnsafeMutablePointer<Self>, _ ldc: Int32)
    static func gemv(_ trans: Bool, _ m: Int32, _ n: Int32, _ alpha: Self,
                     _ a: UnsafePointer<Self>, _ lda: Int32, _ x: UnsafePointer<Self>,
                     _ beta: Self, _ y: UnsafeMutablePointer<Self>)
    /// C = alpha * op(A) op(A)' + beta * C, upper triangle of C filled.
    static func syrk(_ trans: Bool, _ n: Int32, _ k: Int32, _ alpha: Self,
                     _ a: UnsafePointer<Self>, _ lda: Int32, _ beta: Self,
                     _ c: UnsafeMutablePointer<Self>, _ ldc: Int32)
    static func syevd(_ n: Int32, _ a: UnsafeMutablePointer<Self>, _ w: UnsafeMutablePointer<Self>) -> Int32
    static func gesdd(_ m: Int32, _ n: Int32, _ a: UnsafeMutablePointer<Self>,
                      _ s: UnsafeMutablePointer<Self>, _ u: UnsafeMutablePointer<Self>,
                      _ ldu: Int32, _ vt: UnsafeMutablePointer<Self>, _ ldvt: Int32) -> Int32
    static func potrf(_ n: Int32, _ a: UnsafeMutablePointer<Self>) -> Int32
    static func potri(_ n: Int32, _ a: UnsafeMutablePointer<Self>) -> Int32
    static func gesv(_ n: Int32, _ nrhs: Int32, _ a: UnsafeMutablePointer<Self>,
                     _ ipiv: UnsafeMutablePointer<Int32>, _ b: UnsafeMutablePointer<Self>) -> Int32
    static func getrf(_ n: Int32, _ a: UnsafeMutablePointer<Self>, _ ipiv: UnsafeMutablePointer<Int32>) -> Int32
    static func getri(_ n: Int32, _ a: UnsafeMutablePointer<Self>, _ ipiv: UnsafePointer<Int32>) -> Int32
    static func geqp3(_ m: Int32, _ n: Int32, _ a: UnsafeMutablePointer<Self>,
                      _ jpvt: UnsafeMutablePointer<Int32>, _ tau: UnsafeMutablePointer<Self>) -> Int32
    static func orgqr(_ m: Int32, _ n: Int32, _ k: Int32, _ a: UnsafeMutablePointer<Self>,
                      _ lda: Int32, _ tau: UnsafePointer<Self>) -> Int32
    /// Tridiagonal solve with partial pivoting (LAPACK gtsv, what `scipy.linalg.solve_banded`
    /// calls for one sub- and one super-diagonal): `dl` (n-1), `d` (n), `du` (n-1) are
    /// overwritten; `b` is n x nrhs row-major and receives the solution.
    static func gtsv(_ n: Int32, _ nrhs: Int32, _ dl: UnsafeMutablePointer<Self>, _ d: UnsafeMutablePointer<Self>,
                     _ du: UnsafeMutablePointer<Self>, _ b: UnsafeMutablePointer<Self>) -> Int32
    /// Singular values only (LAPACK gesvd with jobu = jobvt = 'N'), row-major m x n `a`
    /// (overwritten); `superb` needs min(m, n) - 1 elements. Several times cheaper than gesdd
    /// with vectors when only norms of singular values are needed.
    static func gesvdValues(_ m: Int32, _ n: Int32, _ a: UnsafeMutablePointer<Self>,
                            _ s: UnsafeMutablePointer<Self>, _ superb: UnsafeMutablePointer<Self>) -> Int32
    /// gesdd (jobz 'S') on a COLUMN-major m x n buffer: handing it a row-major matrix
    /// decomposes the transpose while skipping LAPACKE's row-major copies (faster for small
    /// matrices). `u` is m x min(m,n), `vt` min(m,n) x n, both column-major.
    static func gesddColumnMajor(_ m: Int32, _ n: Int32, _ a: UnsafeMutablePointer<Self>,
                                 _ s: UnsafeMutablePointer<Self>, _ u: UnsafeMutablePointer<Self>,
                                 _ vt: UnsafeMutablePointer<Self>) -> Int32
    /// Eigenvalues only (LAPACK syevd, jobz 'N'), ascending in `w`, of the symmetric n x n
    /// row-major matrix `a` whose UPPER triangle is filled (as `syrk` leaves it); `a` is
    /// overwritten. A symmetric matrix has the same buffer in either layout and its row-major
    /// upper triangle is the column-major lower one, so LAPACK is called column-major with
    /// uplo 'L': no LAPACKE transpose copy, and OpenBLAS's lower tridiagonal reduction is the
    /// faster one (n = 199, one thread: 0.75 ms, vs 1.36 ms column-major 'U' and 0.82 ms
    /// through LAPACKE row-major).
    static func syevdValues(_ n: Int32, _ a: UnsafeMutablePointer<Self>, _ w: UnsafeMutablePointer<Self>) -> Int32
    /// QR with column pivoting (LAPACK geqp3) of a COLUMN-major m x n buffer (leading dimension
    /// m). A row-major n x m matrix X read column-major is X', so this factors `X' P = Q R`
    /// with no transpose copies. On return R(i, j) (i <= j) is at `a[i + j * m]`, `jpvt` (n
    /// elements, zero on entry) holds the 1-based pivots, `tau` (min(m, n)) the reflectors.
    static func geqp3ColumnMajor(_ m: Int32, _ n: Int32, _ a: UnsafeMutablePointer<Self>,
                                 _ jpvt: UnsafeMutablePointer<Int32>, _ tau: UnsafeMutablePointer<Self>) -> Int32
}

@inline(__always) private func blasTrans(_ t: Bool) -> CBLAS_TRANSPOSE { t ? CblasTrans : CblasNoTrans }
private let rowMajor = Int32(LAPACK_ROW_MAJOR)
private let jobV = Int8(UInt8(ascii: "V"))
private let jobS = Int8(UInt8(ascii: "S"))
private let upper = Int8(UInt8(ascii: "U"))
private let lower = Int8(UInt8(ascii: "L"))
private let jobN = Int8(UInt8(ascii: "N"))
private let colMajor = Int32(LAPACK_COL_MAJOR)

extension Double: LAPACKScalar {
    public static var machineEpsilon: Double { Double.ulpOfOne }
    public static func sqrtOf(_ x: Double) -> Double { x.squareRoot() }
    public static func logOf(_ x: Double) -> Double { Foundation_log(x) }
    public static func expOf(_ x: Double) -> Double { Foundation_exp(x) }

    public static func gemm(_ transA: Bool, _ transB: Bool, _ m: Int32, _ n: Int32, _ k: Int32,
                            _ alpha: Double, _ a: UnsafePointer<Double>, _ lda: Int32,
                            _ b: UnsafePointer<Double>, _ ldb: Int32,
                            _ beta: Double, _ c: UnsafeMutablePointer<Double>, _ ldc: Int32) {
        BLASThreads.configured { cblas_dgemm(CblasRowMajor, blasTrans(transA), blasTrans(transB), m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) }
    }
    public static func gemv(_ trans: Bool, _ m: Int32, _ n: Int32, _ alpha: Double,
                            _ a: UnsafePointer<Double>, _ lda: Int32, _ x: UnsafePointer<Double>,
                            _ beta: Double, _ y: UnsafeMutablePointer<Double>) {
        BLASThreads.configured { cblas_dgemv(CblasRowMajor, blasTrans(trans), m, n, alpha, a, lda, x, 1, beta, y, 1) }
    }
    public static func syrk(_ trans: Bool, _ n: Int32, _ k: Int32, _ alpha: Double,
                            _ a: UnsafePointer<Double>, _ lda: Int32, _ beta: Double,
                            _ c: UnsafeMutablePointer<Double>, _ ldc: Int32) {
        BLASThreads.configured { cblas_dsyrk(CblasRowMajor, CblasUpper, blasTrans(trans), n, k, alpha, a, lda, beta, c, ldc) }
    }
    public static func syevd(_ n: Int32, _ a: UnsafeMutablePointer<Double>, _ w: UnsafeMutablePointer<Double>) -> Int32 {
        BLASThreads.configured { LAPACKE_dsyevd(rowMajor, jobV, upper, n, a, n, w) }
    }
    public static func gesdd(_ m: Int32, _ n: Int32, _ a: UnsafeMutablePointer<Double>,
                             _ s: UnsafeMutablePointer<Double>, _ u: UnsafeMutablePointer<Double>,
                             _ ldu: Int32, _ vt: UnsafeMutablePointer<Double>, _ ldvt: Int32) -> Int32 {
        BLASThreads.configured { LAPACKE_dgesdd(rowMajor, jobS, m, n, a, n, s, u, ldu, vt, ldvt) }
    }
    public static func potrf(_ n: Int32, _ a: UnsafeMutablePointer<Double>) -> Int32 {
        BLASThreads.configured { LAPACKE_dpotrf(rowMajor, upper, n, a, n) }
    }
    public static func potri(_ n: Int32, _ a: UnsafeMutablePointer<Double>) -> Int32 {
        BLASThreads.configured { LAPACKE_dpotri(rowMajor, upper, n, a, n) }
    }
    public static func gesv(_ n: Int32, _ nrhs: Int32, _ a: UnsafeMutablePointer<Double>,
                            _ ipiv: UnsafeMutablePointer<Int32>, _ b: UnsafeMutablePointer<Double>) -> Int32 {
        BLASThreads.configured { LAPACKE_dgesv(rowMajor, n, nrhs, a, n, ipiv, b, nrhs) }
    }
    public static func getrf(_ n: Int32, _ a: UnsafeMutablePointer<Double>, _ ipiv: UnsafeMutablePointer<Int32>) -> Int32 {
        BLASThreads.configured { LAPACKE_dgetrf(rowMajor, n, n, a, n, ipiv) }
    }
    public static func getri(_ n: Int32, _ a: UnsafeMutablePointer<Double>, _ ipiv: UnsafePointer<Int32>) -> Int32 {
        BLASThreads.configured { LAPACKE_dgetri(rowMajor, n, a, n, ipiv) }
    }
    public static func geqp3(_ m: Int32, _ n: Int32, _ a: UnsafeMutablePointer<Double>,
                             _ jpvt: UnsafeMutablePointer<Int32>, _ tau: UnsafeMutablePointer<Double>) -> Int32 {
        BLASThreads.configured { LAPACKE_dgeqp3(rowMajor, m, n, a, n, jpvt, tau) }
    }
    public static func orgqr(_ m: Int32, _ n: Int32, _ k: Int32, _ a: UnsafeMutablePointer<Double>,
                             _ lda: Int32, _ tau: UnsafePointer<Double>) -> Int32 {
        BLASThreads.configured { LAPACKE_dorgqr(rowMajor, m, n, k, a, lda, tau) }
    }
    public static func gtsv(_ n: Int32, _ nrhs: Int32, _ dl: UnsafeMutablePointer<Double>, _ d: UnsafeMutablePointer<Double>,
                            _ du: UnsafeMutablePointer<Double>, _ b: UnsafeMutablePointer<Double>) -> Int32 {
        BLASThreads.configured { LAPACKE_dgtsv(rowMajor, n, nrhs, dl, d, du, b, nrhs) }
    }
    public static func gesvdValues(_ m: Int32, _ n: Int32, _ a: UnsafeMutablePointer<Double>,
                                   _ s: UnsafeMutablePointer<Double>, _ superb: UnsafeMutablePointer<Double>) -> Int32 {
        var dummyU: Double = 0, dummyVt: Double = 0
        return BLASThreads.configured { LAPACKE_dgesvd(rowMajor, Int8(UInt8(ascii: "N")), Int8(UInt8(ascii: "N")), m, n, a, n, s, &dummyU, 1, &dummyVt, 1, superb) }
    }
    public static func gesddColumnMajor(_ m: Int32, _ n: Int32, _ a: UnsafeMutablePointer<Double>,
                                        _ s: UnsafeMutablePointer<Double>, _ u: UnsafeMutablePointer<Double>,
                                        _ vt: UnsafeMutablePointer<Double>) -> Int32 {
        BLASThreads.configured { LAPACKE_dgesdd(Int32(LAPACK_COL_MAJOR), jobS, m, n, a, m, s, u, m, vt, Swift.min(m, n)) }
    }
    public static func syevdValues(_ n: Int32, _ a: UnsafeMutablePointer<Double>, _ w: UnsafeMutablePointer<Double>) -> Int32 {
        BLASThreads.configured { LAPACKE_dsyevd(colMajor, jobN, lower, n, a, n, w) }
    }
    public static func geqp3ColumnMajor(_ m: Int32, _ n: Int32, _ a: UnsafeMutablePointer<Double>,
                                        _ jpvt: UnsafeMutablePointer<Int32>, _ tau: UnsafeMutablePointer<Double>) -> Int32 {
        BLASThreads.configured { LAPACKE_dgeqp3(colMajor, m, n, a, m, jpvt, tau) }
    }
}

extension Float: LAPACKScalar {
    public static var machineEpsilon: Float { Float.ulpOfOne }
    public static func sqrtOf(_ x: Float) -> Float { x.squareRoot() }
    public static func logOf(_ x: Float) -> Float { Float(Foundation_log(Double(x))) }
    public static func expOf(_ x: Float) -> Float { Float(Foundation_exp(Double(x))) }

    public static func gemm(_ transA: Bool, _ transB: Bool, _ m: Int32, _ n: Int32, _ k: Int32,
                            _ alpha: Float, _ a: UnsafePointer<Float>, _ lda: Int32,
                            _ b: UnsafePointer<Float>, _ ldb: Int32,
                            _ beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int32) {
        BLASThreads.configured { cblas_sgemm(CblasRowMajor, blasTrans(transA), blasTrans(transB), m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) }
    }
    public static func gemv(_ trans: Bool, _ m: Int32, _ n: Int32, _ alpha: Float,
                            _ a: UnsafePointer<Float>, _ lda: Int32, _ x: UnsafePointer<Float>,
                            _ beta: Float, _ y: UnsafeMutablePointer<Float>) {
        BLASThreads.configured { cblas_sgemv(CblasRowMajor, blasTrans(trans), m, n, alpha, a, lda, x, 1, beta, y, 1) }
    }
    public static func syrk(_ trans: Bool, _ n: Int32, _ k: Int32, _ alpha: Float,
                            _ a: UnsafePointer<Float>, _ lda: Int32, _ beta: Float,
                            _ c: UnsafeMutablePointer<Float>, _ ldc: Int32) {
        BLASThreads.configured { cblas_ssyrk(CblasRowMajor, CblasUpper, blasTrans(trans), n, k, alpha, a, lda, beta, c, ldc) }
    }
    public static func syevd(_ n: Int32, _ a: UnsafeMutablePointer<Float>, _ w: UnsafeMutablePointer<Float>) -> Int32 {
        BLASThreads.configured { LAPACKE_ssyevd(rowMajor, jobV, upper, n, a, n, w) }
    }
    public static func gesdd(_ m: Int32, _ n: Int32, _ a: UnsafeMutablePointer<Float>,
                             _ s: UnsafeMutablePointer<Float>, _ u: UnsafeMutablePointer<Float>,
                             _ ldu: Int32, _ vt: UnsafeMutablePointer<Float>, _ ldvt: Int32) -> Int32 {
        BLASThreads.configured { LAPACKE_sgesdd(rowMajor, jobS, m, n, a, n, s, u, ldu, vt, ldvt) }
    }
    public static func potrf(_ n: Int32, _ a: UnsafeMutablePointer<Float>) -> Int32 {
        BLASThreads.configured { LAPACKE_spotrf(rowMajor, upper, n, a, n) }
    }
    public static func potri(_ n: Int32, _ a: UnsafeMutablePointer<Float>) -> Int32 {
        BLASThreads.configured { LAPACKE_spotri(rowMajor, upper, n, a, n) }
    }
    public static func gesv(_ n: Int32, _ nrhs: Int32, _ a: UnsafeMutablePointer<Float>,
                            _ ipiv: UnsafeMutablePointer<Int32>, _ b: UnsafeMutablePointer<Float>) -> Int32 {
        BLASThreads.configured { LAPACKE_sgesv(rowMajor, n, nrhs, a, n, ipiv, b, nrhs) }
    }
    public static func getrf(_ n: Int32, _ a: UnsafeMutablePointer<Float>, _ ipiv: UnsafeMutablePointer<Int32>) -> Int32 {
        BLASThreads.configured { LAPACKE_sgetrf(rowMajor, n, n, a, n, ipiv) }
    }
    public static func getri(_ n: Int32, _ a: UnsafeMutablePointer<Float>, _ ipiv: UnsafePointer<Int32>) -> Int32 {
        BLASThreads.configured { LAPACKE_sgetri(rowMajor, n, a, n, ipiv) }
    }
    public static func geqp3(_ m: Int32, _ n: Int32, _ a: UnsafeMutablePointer<Float>,
                             _ jpvt: UnsafeMutablePointer<Int32>, _ tau: UnsafeMutablePointer<Float>) -> Int32 {
        BLASThreads.configured { LAPACKE_sgeqp3(rowMajor, m, n, a, n, jpvt, tau) }
    }
    public static func orgqr(_ m: Int32, _ n: Int32, _ k: Int32, _ a: UnsafeMutablePointer<Float>,
                             _ lda: Int32, _ tau: UnsafePointer<Float>) -> Int32 {
        BLASThreads.configured { LAPACKE_sorgqr(rowMajor, m, n, k, a, lda, tau) }
    }
    public static func gtsv(_ n: Int32, _ nrhs: Int32, _ dl: UnsafeMutablePointer<Float>, _ d: UnsafeMutablePointer<Float>,
                            _ du: UnsafeMutablePointer<Float>, _ b: UnsafeMutablePointer<Float>) -> Int32 {
        BLASThreads.configured { LAPACKE_sgtsv(rowMajor, n, nrhs, dl, d, du, b, nrhs) }
    }
    public static func gesvdValues(_ m: Int32, _ n: Int32, _ a: UnsafeMutablePointer<Float>,
                                   _ s: UnsafeMutablePointer<Float>, _ superb: UnsafeMutablePointer<Float>) -> Int32 {
        var dummyU: Float = 0, dummyVt: Float = 0
        return BLASThreads.configured { LAPACKE_sgesvd(rowMajor, Int8(UInt8(ascii: "N")), Int8(UInt8(ascii: "N")), m, n, a, n, s, &dummyU, 1, &dummyVt, 1, superb) }
    }
    public static func gesddColumnMajor(_ m: Int32, _ n: Int32, _ a: UnsafeMutablePointer<Float>,
                                        _ s: UnsafeMutablePointer<Float>, _ u: UnsafeMutablePointer<Float>,
                                        _ vt: UnsafeMutablePointer<Float>) -> Int32 {
        BLASThreads.configured { LAPACKE_sgesdd(Int32(LAPACK_COL_MAJOR), jobS, m, n, a, m, s, u, m, vt, Swift.min(m, n)) }
    }
    public static func syevdValues(_ n: Int32, _ a: UnsafeMutablePointer<Float>, _ w: UnsafeMutablePointer<Float>) -> Int32 {
        BLASThreads.configured { LAPACKE_ssyevd(colMajor, jobN, lower, n, a, n, w) }
    }
    public static func geqp3ColumnMajor(_ m: Int32, _ n: Int32, _ a: UnsafeMutablePointer<Float>,
                                        _ jpvt: UnsafeMutablePointer<Int32>, _ tau: UnsafeMutablePointer<Float>) -> Int32 {
        BLASThreads.configured { LAPACKE_sgeqp3(colMajor, m, n, a, m, jpvt, tau) }
    }
}
