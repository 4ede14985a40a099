import LinearAlgebra

/// One condition's covariance square root as `GaussianObjective` uses it: a factor `F`
/// (n x k) with `F F' = C`, held as both `F` and `F'` (row-major), so the objective's products
/// are the same BLAS calls as with a symmetric root (where both are the root itself).
///
/// Why a factor and not only the symmetric root `C^1/2`: the objective needs `||C_y^1/2 T
/// C_x^1/2||_*` and its derivatives, and for any factors `F_x F_x' = C_x`, `F_y F_y' = C_y`
///
///     ||C_y^1/2 T C_x^1/2||_* = ||F_y' T F_x||_*
///
/// (both are the sum of the square roots of the nonzero eigenvalues of `C_y^1/2 T C_x T' C_y^1/2`,
/// which equals those of `F_y' T C_x T' F_y`). A covariance of s samples (`X_c' X_c / (s -
/// ddof)`) has the factor `X_c' / sqrt(s - ddof)` with k = s, straight from the samples, with
/// no eigendecomposition and no rounding-level eigenvalues (a symmetric root computed by
/// syevd keeps positive ones of about `eps lambda_max` on the null space); a deterministic
/// representation's zero covariance has k = 0. With k < n every product and the SVD of the
/// objective shrink from n to k (`GaussianObjective`).
///
/// The symmetric root itself is the factor with k = n (`F = F' = C^1/2`).
struct CovarianceFactor: Sendable {
    let units: Int
    let rank: Int
    /// F, units x rank.
    let f: [Double]
    /// F', rank x units.
    let fT: [Double]

    /// From F' (k x n); `rank` is k (an upper bound of the covariance's rank).
    init(transposed fT: Matrix<Double>) {
        units = fT.columns
        rank = fT.rows
        self.fT = fT.elements
        f = fT.transposed.elements
    }

    /// The symmetric square root as a factor (k = n).
    init(symmetricRoot s: Matrix<Double>) {
        units = s.rows
        rank = s.rows
        f = s.elements
        fT = s.elements
    }

    /// With `k - rank` zero columns appended to F (the same covariance).
    func widened(toRank k: Int) -> CovarianceFactor {
        guard k > rank else { return self }
        var t = fT
        t.append(contentsOf: repeatElement(0, count: (k - rank) * units))
        return CovarianceFactor(transposed: Matrix(rows: k, columns: units, elements: t))
    }
}
