/// Sums of Euclidean distances between the rows of row-major point sets, from explicit
/// differences (no `|a|^2 + |b|^2 - 2 a.b` cancellation): used where the energy metric reports
/// a number (within-set terms, the final cross term) rather than inside the fit's loop.
///
/// The squared distance accumulates in eight-lane vectors: a scalar loop serialises every
/// addition on the previous one (the compiler may not reassociate floating-point sums). On one
/// 50 x 100 x 64 representation the within-set terms (with the row norms) take 4.0 ms against
/// 7.7 ms for the scalar loop over `Matrix` subscripts, the final cross term 10 ms against 17.5.
enum PointDistances {
    /// `sum_a sum_b ||p_a - q_b||` over rows a of p (`rowsP x dim`) and b of q (`rowsQ x dim`).
    static func crossSum(_ p: UnsafePointer<Double>, rows rowsP: Int, _ q: UnsafePointer<Double>, rows rowsQ: Int, dim: Int) -> Double {
        var total = 0.0
        for a in 0..<rowsP {
            var sum = 0.0
            for b in 0..<rowsQ { sum += squaredDistance(p + a * dim, q + b * dim, dim).squareRoot() }
            total += sum
        }
        return total
    }

    /// `sum_{a<b} ||p_a - p_b||` over the rows of p (`rows x dim`).
    static func withinSum(_ p: UnsafePointer<Double>, rows: Int, dim: Int) -> Double {
        var total = 0.0
        for a in 0..<rows {
            var sum = 0.0
            for b in (a + 1)..<Swift.max(a + 1, rows) { sum += squaredDistance(p + a * dim, p + b * dim, dim).squareRoot() }
            total += sum
        }
        return total
    }

    /// `sum_j u_j` for a vector of length n.
    static func sum(_ u: UnsafePointer<Double>, _ n: Int) -> Double {
        var acc = SIMD8<Double>()
        var j = 0
        let ru = UnsafeRawPointer(u)
        while j + 8 <= n {
            acc += ru.loadUnaligned(fromByteOffset: j * 8, as: SIMD8<Double>.self)
            j += 8
        }
        var s = acc.sum()
        while j < n { s += u[j]; j += 1 }
        return s
    }

    /// `||u||^2` for a vector of length n.
    static func squaredNorm(_ u: UnsafePointer<Double>, _ n: Int) -> Double {
        var acc = SIMD8<Double>()
        var j = 0
        let ru = UnsafeRawPointer(u)
        while j + 8 <= n {
            let d = ru.loadUnaligned(fromByteOffset: j * 8, as: SIMD8<Double>.self)
            acc += d * d
            j += 8
        }
        var s = acc.sum()
        while j < n { s += u[j] * u[j]; j += 1 }
        return s
    }

    /// `||u - v||^2` for vectors of length n.
    @inline(__always)
    static func squaredDistance(_ u: UnsafePointer<Double>, _ v: UnsafePointer<Double>, _ n: Int) -> Double {
        var acc = SIMD8<Double>()
        var j = 0
        let ru = UnsafeRawPointer(u), rv = UnsafeRawPointer(v)
        while j + 8 <= n {
            let d = ru.loadUnaligned(fromByteOffset: j * 8, as: SIMD8<Double>.self) - rv.loadUnaligned(fromByteOffset: j * 8, as: SIMD8<Double>.self)
            acc += d * d
            j += 8
        }
        var s = acc.sum()
        while j < n { let d = u[j] - v[j]; s += d * d; j += 1 }
        return s
    }
}
