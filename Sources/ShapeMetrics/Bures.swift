import LinearAlgebra

/// Covariance square roots and the Bures metric (Bhatia, Jain & Lim 2019), the covariance
/// part of the 2-Wasserstein distance between Gaussians:
/// `B(A, C)^2 = tr A + tr C - 2 tr (A^1/2 C A^1/2)^1/2 = tr A + tr C - 2 ||A^1/2 C^1/2||_*`.
enum Bures {
    /// Principal square root of a covariance matrix, negative eigenvalues (rounding, or a
    /// rank-deficient covariance from fewer samples than units) clipped to zero, as netrep's
    /// `sq_bures_metric` does; netrep's fit takes `sqrt` of them and returns NaN.
    /// Also returns how many eigenvalues were clipped (one eigendecomposition for both).
    static func covarianceSqrt(_ c: Matrix<Double>) throws -> (sqrt: Matrix<Double>, clippedEigenvalues: Int) {
        var clipped = 0
        let root = try c.symmetrized.symmetricFunction { w in
            if w < 0 { clipped += 1; return 0 }
            return w.squareRoot()
        }
        return (root, clipped)
    }

    /// `||A^1/2 (T' C T)^1/2||_* = ||sa T' sc||_*` (sum of singular values).
    static func nuclearNorm(_ m: Matrix<Double>) throws -> Double {
        try m.nuclearNorm()
    }
}
