/// Moore-Penrose pseudoinverse and numerical rank through the SVD (LAPACK gesdd), with the
/// cut-offs of `scipy.linalg.pinv` and `numpy.linalg.matrix_rank`, so that least-squares fits
/// match the Python peers (nilearn's OLSModel uses both).
extension Matrix {
    /// `scipy.linalg.pinv(A)`: singular values at or below `max(rows, columns) * eps * s_max`
    /// are treated as zero; the result is `V[:, :r] diag(1/s) U[:, :r]'` (columns x rows).
    public func pseudoinverse() throws -> Matrix {
        let s = try svd()
        let k = s.singularValues.count
        guard k > 0 else { return Matrix(rows: columns, columns: rows) }
        let smax = s.singularValues.max() ?? 0
        let cutoff = Scalar(Swift.max(rows, columns)) * Scalar.machineEpsilon * smax
        let r = s.singularValues.filter { $0 > cutoff }.count
        guard r > 0 else { return Matrix(rows: columns, columns: rows) }
        // (U[:, :r] / s) as r x rows, then V[:, :r] * that.
        var us = Matrix(rows: r, columns: rows)
        for i in 0..<rows { for j in 0..<r { us[j, i] = s.u[i, j] / s.singularValues[j] } }
        let vt = s.vt.rows(0..<r)
        return vt.multiplied(by: us, transposeSelf: true)
    }

    /// `numpy.linalg.matrix_rank(A, tol)`: the number of singular values above `tol`.
    public func rank(tolerance tol: Scalar) throws -> Int {
        try svd().singularValues.filter { $0 > tol }.count
    }
}
