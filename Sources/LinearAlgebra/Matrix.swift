import Foundation

/// A dense matrix stored row-major, as NumPy's default (C order) stores it, so that arrays
/// read from `.npy` files map onto it without copies or transposes.
///
/// `Matrix` is a value type; every heavy operation (products, decompositions, matrix
/// functions) is a thin wrapper over OpenBLAS / LAPACKE (see the `Matrix+*.swift` files).
public struct Matrix<Scalar: LAPACKScalar>: Equatable, Sendable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// Elements in row-major order: element (i, j) is at `i * columns + j`.
    public var elements: [Scalar]

    /// A matrix from row-major elements.
    @inlinable
    public init(rows: Int, columns: Int, elements: [Scalar]) {
        precondition(rows >= 0 && columns >= 0, "negative matrix size")
        precondition(elements.count == rows * columns,
                     "Matrix(\(rows)x\(columns)) needs \(rows * columns) elements, got \(elements.count)")
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// A matrix filled with one value.
    ///
    /// Zeros (the common case: output buffers) are written with `memset`, as all-zero bytes are
    /// +0.0 in IEEE 754. Inside LinearAlgebra's generic, non-inlinable methods
    /// `Array(repeating:count:)` is not specialised and copies element by element through
    /// value witnesses: that was 3.4% of the pairwise Procrustes profile (the 199 x 199
    /// product buffer of every pair).
    @inlinable
    public init(rows: Int, columns: Int, repeating value: Scalar = 0) {
        let count = rows * columns
        guard value == 0 && value.sign == .plus else {
            self.init(rows: rows, columns: columns, elements: Array(repeating: value, count: count))
            return
        }
        let zeros = [Scalar](unsafeUninitializedCapacity: count) { buffer, initialized in
            if let base = buffer.baseAddress { memset(base, 0, count * MemoryLayout<Scalar>.stride) }
            initialized = count
        }
        self.init(rows: rows, columns: columns, elements: zeros)
    }

    /// A matrix from an array of equal-length rows.
    public init(_ rowArrays: [[Scalar]]) {
        let r = rowArrays.count
        let c = rowArrays.first?.count ?? 0
        precondition(rowArrays.allSatisfy { $0.count == c }, "rows of unequal length")
        self.init(rows: r, columns: c, elements: rowArrays.flatMap { $0 })
    }

    /// A matrix whose element (i, j) is `f(i, j)`.
    public init(rows: Int, columns: Int, _ f: (Int, Int) -> Scalar) {
        var e = [Scalar]()
        e.reserveCapacity(rows * columns)
        for i in 0..<rows { for j in 0..<columns { e.append(f(i, j)) } }
        self.init(rows: rows, columns: columns, elements: e)
    }

    /// The n x n identity.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m[i, i] = 1 }
        return m
    }

    /// A square matrix with `d` on the diagonal.
    public static func diagonal(_ d: [Scalar]) -> Matrix {
        var m = Matrix(rows: d.count, columns: d.count)
        for i in 0..<d.count { m[i, i] = d[i] }
        return m
    }

    @inlinable public subscript(i: Int, j: Int) -> Scalar {
        get { elements[i * columns + j] }
        set { elements[i * columns + j] = newValue }
    }

    /// True when rows == columns.
    public var isSquare: Bool { rows == columns }

    /// Row i as an array.
    public func row(_ i: Int) -> [Scalar] { Array(elements[(i * columns)..<((i + 1) * columns)]) }

    /// Column j as an array.
    public func column(_ j: Int) -> [Scalar] { (0..<rows).map { self[$0, j] } }

    /// The rows as nested arrays.
    public var rowArrays: [[Scalar]] { (0..<rows).map(row) }

    /// The main diagonal.
    public var diagonalElements: [Scalar] { (0..<Swift.min(rows, columns)).map { self[$0, $0] } }

    /// The transpose (a copy).
    @inlinable
    public var transposed: Matrix {
        var t = Matrix(rows: columns, columns: rows)
        for i in 0..<rows { for j in 0..<columns { t.elements[j * rows + i] = elements[i * columns + j] } }
        return t
    }

    /// Sum of the diagonal.
    public var trace: Scalar { diagonalElements.reduce(0, +) }

    /// Frobenius norm.
    public var frobeniusNorm: Scalar { elements.reduce(0) { $0 + $1 * $1 }.squareRoot() }

    /// The largest absolute difference to another matrix of the same shape.
    @inlinable
    public func maxAbsDifference(_ other: Matrix) -> Scalar {
        precondition(rows == other.rows && columns == other.columns, "shape mismatch")
        var m: Scalar = 0
        for k in 0..<elements.count { m = Swift.max(m, abs(elements[k] - other.elements[k])) }
        return m
    }

    /// Rows `range` as a new matrix.
    public func rows(_ range: Range<Int>) -> Matrix {
        Matrix(rows: range.count, columns: columns,
               elements: Array(elements[(range.lowerBound * columns)..<(range.upperBound * columns)]))
    }

    /// The columns with the given indices, in that order.
    public func columns(_ indices: [Int]) -> Matrix {
        Matrix(rows: rows, columns: indices.count) { i, j in self[i, indices[j]] }
    }

    /// The same elements converted to another precision.
    public func converted<T: LAPACKScalar>(to: T.Type = T.self) -> Matrix<T> {
        Matrix<T>(rows: rows, columns: columns, elements: elements.map { T($0) })
    }

    /// (A + A') / 2, to remove rounding asymmetry before a symmetric routine.
    @inlinable
    public var symmetrized: Matrix {
        precondition(isSquare, "symmetrized needs a square matrix")
        var s = self
        for i in 0..<rows { for j in (i + 1)..<Swift.max(i + 1, columns) {
            let v = (self[i, j] + self[j, i]) / 2
            s[i, j] = v; s[j, i] = v
        } }
        return s
    }
}

extension Matrix: CustomStringConvertible {
    public var description: String {
        "Matrix<\(Scalar.self)>(\(rows)x\(columns)): " + rowArrays.map { "\($0)" }.joined(separator: ", ")
    }
}
