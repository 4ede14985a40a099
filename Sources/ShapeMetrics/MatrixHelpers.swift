import LinearAlgebra

/// Small elementwise helpers on `Matrix<Double>` used by several metrics (no O(n^3) work here:
/// products and decompositions go through LinearAlgebra's BLAS/LAPACK wrappers).
extension Matrix where Scalar == Double {
    /// Column means (over rows).
    var columnMeans: [Double] {
        var m = [Double](repeating: 0, count: columns)
        for i in 0..<rows { for j in 0..<columns { m[j] += self[i, j] } }
        return m.map { $0 / Double(Swift.max(rows, 1)) }
    }

    /// The matrix with `v` subtracted from every row.
    func subtractingRow(_ v: [Double]) -> Matrix {
        var c = self
        for i in 0..<rows { for j in 0..<columns { c.elements[i * columns + j] -= v[j] } }
        return c
    }

    /// Columns centred to mean zero.
    var columnCentered: Matrix { subtractingRow(columnMeans) }

    /// The matrix widened to `width` columns with zeros on the right (netrep's `zero_pad`).
    func zeroPadded(toColumns width: Int) -> Matrix {
        precondition(width >= columns)
        if width == columns { return self }
        var p = Matrix(rows: rows, columns: width)
        for i in 0..<rows { for j in 0..<columns { p.elements[i * width + j] = elements[i * columns + j] } }
        return p
    }

    /// Square matrix widened to `n x n` with zeros.
    func zeroPaddedSquare(to n: Int) -> Matrix {
        precondition(isSquare && n >= rows)
        if n == rows { return self }
        var p = Matrix(rows: n, columns: n)
        for i in 0..<rows { for j in 0..<columns { p[i, j] = self[i, j] } }
        return p
    }

    /// Frobenius inner product.
    func frobeniusDot(_ other: Matrix) -> Double {
        precondition(elements.count == other.elements.count)
        return elements.withUnsafeBufferPointer { a in
            other.elements.withUnsafeBufferPointer { b in
                var s = 0.0
                for k in 0..<a.count { s += a[k] * b[k] }
                return s
            }
        }
    }

    /// Sum of squares of all elements.
    var squaredNorm: Double { frobeniusDot(self) }

    /// Frobenius norm, the same sum in the same order as LinearAlgebra's generic version, whose
    /// per-element generic dispatch took 10% of an energy fit in `OrthogonalMaximizer`.
    var frobeniusNorm: Double { squaredNorm.squareRoot() }

    /// Elementwise scaled copy.
    func scaled(by a: Double) -> Matrix {
        var out = self
        out.elements.withUnsafeMutableBufferPointer { o in for k in 0..<o.count { o[k] *= a } }
        return out
    }

    /// Skew-symmetric part (A - A') / 2.
    var skewPart: Matrix {
        precondition(isSquare)
        var s = self
        for i in 0..<rows { for j in 0..<rows { s[i, j] = (self[i, j] - self[j, i]) / 2 } }
        return s
    }
}

/// Fast decompositions used in the inner loops (LAPACK through LinearAlgebra's raw wrappers).
extension Matrix where Scalar == Double {
    /// Singular values only (gesvd without vectors), descending.
    func singularValuesOnly() throws -> [Double] {
        let k = Swift.min(rows, columns)
        if k == 0 { return [] }
        guard elements.allSatisfy({ $0.isFinite }) else { throw LinearAlgebraError.nonFinite("SVD input") }
        var a = elements
        var s = [Double](repeating: 0, count: k)
        var superb = [Double](repeating: 0, count: Swift.max(k, 2))
        let info = Double.gesvdValues(Int32(rows), Int32(columns), &a, &s, &superb)
        if info != 0 { throw info < 0 ? LinearAlgebraError.illegalArgument(routine: "gesvd", index: info) : LinearAlgebraError.noConvergence(routine: "gesvd") }
        return s
    }

    /// Sum of singular values.
    func nuclearNorm() throws -> Double { try singularValuesOnly().reduce(0, +) }

    /// The orthogonal polar factor `U V'` of `self = U S V'` and the singular values S.
    /// The row-major buffer is handed to gesdd as a column-major matrix (i.e. the transpose,
    /// `self' = U2 S V2'`), so `U V' = V2 U2'` is read straight from its outputs with no
    /// layout copies.
    func polarDecomposition() throws -> (polar: Matrix, singularValues: [Double]) {
        let m = rows, n = columns, k = Swift.min(m, n)
        guard elements.allSatisfy({ $0.isFinite }) else { throw LinearAlgebraError.nonFinite("SVD input") }
        var a = elements
        var s = [Double](repeating: 0, count: k)
        var u2 = [Double](repeating: 0, count: n * k)
        var vt2 = [Double](repeating: 0, count: k * m)
        let info = Double.gesddColumnMajor(Int32(n), Int32(m), &a, &s, &u2, &vt2)
        if info != 0 { throw info < 0 ? LinearAlgebraError.illegalArgument(routine: "gesdd", index: info) : LinearAlgebraError.noConvergence(routine: "gesdd") }
        let v2 = Matrix(rows: m, columns: k, elements: vt2)   // col-major V2' read row-major
        let u2t = Matrix(rows: k, columns: n, elements: u2)   // col-major U2 read row-major
        return (v2 * u2t, s)
    }
}

/// Elementwise sum and difference specialised for Double. LinearAlgebra's `+`/`-` are generic
/// across the module boundary, so every call pays Swift's generic-metadata lookups and
/// per-element witness calls; in the optimiser's inner loops that cost more than the BLAS
/// work. These concrete overloads are preferred inside this module.
extension Matrix where Scalar == Double {
    static func + (lhs: Matrix, rhs: Matrix) -> Matrix {
        precondition(lhs.rows == rhs.rows && lhs.columns == rhs.columns, "shape mismatch in +")
        var out = lhs
        out.elements.withUnsafeMutableBufferPointer { o in
            rhs.elements.withUnsafeBufferPointer { r in for k in 0..<o.count { o[k] += r[k] } }
        }
        return out
    }

    static func - (lhs: Matrix, rhs: Matrix) -> Matrix {
        precondition(lhs.rows == rhs.rows && lhs.columns == rhs.columns, "shape mismatch in -")
        var out = lhs
        out.elements.withUnsafeMutableBufferPointer { o in
            rhs.elements.withUnsafeBufferPointer { r in for k in 0..<o.count { o[k] -= r[k] } }
        }
        return out
    }
}
