/// Matrix products through BLAS (gemm, gemv, syrk). No hand-written O(n^3) loops.
extension Matrix {
    /// `op(self) * op(other)` where op transposes when asked (BLAS gemm).
    public func multiplied(by other: Matrix, transposeSelf: Bool = false, transposeOther: Bool = false) -> Matrix {
        let m = transposeSelf ? columns : rows
        let k = transposeSelf ? rows : columns
        let k2 = transposeOther ? other.columns : other.rows
        let n = transposeOther ? other.rows : other.columns
        precondition(k == k2, "matrix product: inner dimensions \(k) and \(k2) differ")
        var c = Matrix(rows: m, columns: n)
        if m == 0 || n == 0 { return c }
        if k == 0 { return c }
        elements.withUnsafeBufferPointer { a in
            other.elements.withUnsafeBufferPointer { b in
                c.elements.withUnsafeMutableBufferPointer { cp in
                    Scalar.gemm(transposeSelf, transposeOther, Int32(m), Int32(n), Int32(k), 1,
                                a.baseAddress!, Int32(columns), b.baseAddress!, Int32(other.columns),
                                0, cp.baseAddress!, Int32(n))
                }
            }
        }
        return c
    }

    /// Matrix product.
    public static func * (lhs: Matrix, rhs: Matrix) -> Matrix { lhs.multiplied(by: rhs) }

    /// Matrix-vector product `op(self) * x` (BLAS gemv).
    public func multiplied(by x: [Scalar], transposeSelf: Bool = false) -> [Scalar] {
        let outCount = transposeSelf ? columns : rows
        precondition(x.count == (transposeSelf ? rows : columns), "matrix-vector product: length mismatch")
        var y = [Scalar](repeating: 0, count: outCount)
        if rows == 0 || columns == 0 { return y }
        elements.withUnsafeBufferPointer { a in
            x.withUnsafeBufferPointer { xp in
                y.withUnsafeMutableBufferPointer { yp in
                    Scalar.gemv(transposeSelf, Int32(rows), Int32(columns), 1, a.baseAddress!, Int32(columns),
                                xp.baseAddress!, 0, yp.baseAddress!)
                }
            }
        }
        return y
    }

    /// The Gram matrix `self' * self` (columns x columns), symmetric, through BLAS syrk.
    /// With `ofRows: true`, `self * self'` (rows x rows) instead. Inlinable so that callers
    /// specialise it: unspecialised, the mirroring of the triangle went through generic
    /// subscripts (metadata lookups per element), most of the time of a 2,285-column Gram.
    @inlinable
    public func gram(ofRows: Bool = false, scale: Scalar = 1) -> Matrix {
        let n = ofRows ? rows : columns
        let k = ofRows ? columns : rows
        var c = Matrix(rows: n, columns: n)
        if n == 0 || k == 0 { return c }
        elements.withUnsafeBufferPointer { a in
            c.elements.withUnsafeMutableBufferPointer { cp in
                Scalar.syrk(!ofRows, Int32(n), Int32(k), scale, a.baseAddress!, Int32(columns), 0,
                            cp.baseAddress!, Int32(n))
            }
        }
        // syrk fills the upper triangle; mirror it.
        for i in 0..<n { for j in 0..<i { c[i, j] = c[j, i] } }
        return c
    }

    /// Elementwise sum.
    @inlinable
    public static func + (lhs: Matrix, rhs: Matrix) -> Matrix {
        precondition(lhs.rows == rhs.rows && lhs.columns == rhs.columns, "shape mismatch in +")
        return Matrix(rows: lhs.rows, columns: lhs.columns, elements: zip(lhs.elements, rhs.elements).map(+))
    }

    /// Elementwise difference.
    @inlinable
    public static func - (lhs: Matrix, rhs: Matrix) -> Matrix {
        precondition(lhs.rows == rhs.rows && lhs.columns == rhs.columns, "shape mismatch in -")
        return Matrix(rows: lhs.rows, columns: lhs.columns, elements: zip(lhs.elements, rhs.elements).map(-))
    }

    /// Scalar multiple.
    @inlinable
    public static func * (lhs: Scalar, rhs: Matrix) -> Matrix {
        Matrix(rows: rhs.rows, columns: rhs.columns, elements: rhs.elements.map { lhs * $0 })
    }
}
