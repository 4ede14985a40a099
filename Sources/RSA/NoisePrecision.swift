import LinearAlgebra

/// Noise covariance and precision over channels, as rsatoolbox 0.3.2 `rsatoolbox.data.noise`
/// estimates them for the Mahalanobis and crossnobis RDMs.
public enum NoiseEstimator: String, CaseIterable, Sendable {
    /// Schäfer & Strimmer (2005) shrinkage towards the diagonal (`_covariance_diag`).
    case shrinkageDiag = "shrinkage_diag"
    /// Ledoit & Wolf (2004) shrinkage towards a multiple of the identity (`_covariance_eye`).
    case shrinkageEye = "shrinkage_eye"
    /// Channel variances only (`_variance`): a univariate noise normaliser.
    case diag
    /// Sample covariance without shrinkage (`_covariance_full`).
    case full
}

public enum NoisePrecision {
    /// `prec_from_measurements(dataset, obs_desc="cond", method=m)`: residuals around each
    /// condition's mean over runs. rsatoolbox's degrees of freedom here are
    /// `(conditions - 1) * runs` (its `_check_demean` for a 3D tensor), reproduced for parity.
    public static func fromMeasurements(_ patterns: PatternSet, method: NoiseEstimator = .shrinkageDiag) throws -> Matrix<Double> {
        guard patterns.runs >= 2 else {
            throw RSAError("patterns", "a noise estimate from measurements needs at least 2 runs (repetitions of each condition)")
        }
        let residuals = patterns.residualsAroundConditionMeans()
        let dof = (patterns.conditions - 1) * patterns.runs
        return try invert(covariance(demeanedResiduals: residuals, dof: dof, method: method))
    }

    /// `prec_from_residuals(residuals, dof, method)`: residuals `n x channels` (e.g. GLM
    /// residuals); the column means are removed first and dof defaults to `n - 1`.
    public static func fromResiduals(_ residuals: Matrix<Double>, dof: Int? = nil, method: NoiseEstimator = .shrinkageDiag) throws -> Matrix<Double> {
        try invert(covarianceFromResiduals(residuals, dof: dof, method: method))
    }

    /// `cov_from_residuals(residuals, dof, method)`: the covariance `prec_from_residuals` inverts
    /// (column means removed first; dof defaults to `n - 1`).
    public static func covarianceFromResiduals(_ residuals: Matrix<Double>, dof: Int? = nil, method: NoiseEstimator = .shrinkageDiag) throws -> Matrix<Double> {
        guard residuals.rows >= 2 else { throw RSAError("residuals", "need at least 2 rows, got \(residuals.rows)") }
        var r = residuals
        for p in 0..<r.columns {
            var m = 0.0
            for i in 0..<r.rows { m += r[i, p] }
            m /= Double(r.rows)
            for i in 0..<r.rows { r[i, p] -= m }
        }
        return try covariance(demeanedResiduals: r, dof: dof ?? (r.rows - 1), method: method)
    }

    /// The covariance estimate from already demeaned residuals (rows = observations).
    public static func covariance(demeanedResiduals x: Matrix<Double>, dof: Int, method: NoiseEstimator) throws -> Matrix<Double> {
        guard dof > 0 else { throw RSAError("residuals", "degrees of freedom must be positive, got \(dof)") }
        switch method {
        case .full: return x.gram(scale: 1 / Double(dof))
        case .diag: return variance(x, dof: dof)
        case .shrinkageDiag: return shrinkageDiag(x, dof: dof)
        case .shrinkageEye: return shrinkageEye(x, dof: dof)
        }
    }

    static func invert(_ cov: Matrix<Double>) throws -> Matrix<Double> {
        // numpy.linalg.inv solves A X = I with gesv; so do we, for bit-level parity.
        do { return try cov.solve(Matrix<Double>.identity(cov.rows)) } catch {
            throw RSAError("noise covariance", "not invertible (\(error)); use shrinkage_diag or shrinkage_eye")
        }
    }

    /// `diag(sum_i x_ip^2 / dof)`.
    static func variance(_ x: Matrix<Double>, dof: Int) -> Matrix<Double> {
        var v = [Double](repeating: 0, count: x.columns)
        for i in 0..<x.rows { for p in 0..<x.columns { v[p] += x[i, p] * x[i, p] } }
        return Matrix.diagonal(v.map { $0 / Double(dof) })
    }

    /// `sum_i x_i x_i'` and `sum_i (x_i x_i')∘(x_i x_i')`, rsatoolbox's `s_sum` and `s2_sum`
    /// (its loop adds one outer product per row). Both are Gram matrices, `X'X` and
    /// `(X∘X)'(X∘X)` (`(x_ip x_iq)^2 = x_ip^2 x_iq^2`), so both go through BLAS syrk: rounded
    /// differently from rsatoolbox's row-by-row sums (precisions agree to 1e-10 in the tests),
    /// and for a 2,285-voxel ROI a fraction of a second instead of a scalar O(n P^2) loop (which
    /// was 96% of a whole-brain crossnobis run, `Benchmarks/crossnobis`).
    static func outerProductSums(_ x: Matrix<Double>) -> (Matrix<Double>, Matrix<Double>) {
        let squared = Matrix(rows: x.rows, columns: x.columns, elements: x.elements.map { $0 * $0 })
        return (x.gram(), squared.gram())
    }

    /// Schäfer & Strimmer: `S = X'X / dof`; correlations' variance estimate
    /// `var_hat = n / dof^2 (s2_mean - s_mean^2)`, `lambda = sum_offdiag var_hat / sum_offdiag
    /// s_mean^2` clipped to [0, 1]; off-diagonal entries of S scaled by `1 - lambda`.
    static func shrinkageDiag(_ x: Matrix<Double>, dof: Int) -> Matrix<Double> {
        let n = x.rows, p = x.columns
        let (sSum, s2Sum) = outerProductSums(x)
        let d = Double(dof)
        var s = sSum
        for i in 0..<(p * p) { s.elements[i] = sSum.elements[i] / d }
        let variance = (0..<p).map { s[$0, $0] }
        let sd = variance.map { $0.squareRoot() }
        var varHat: [Double] = [], sMeanSquared: [Double] = []
        varHat.reserveCapacity(p * p - p); sMeanSquared.reserveCapacity(p * p - p)
        for i in 0..<p {
            for j in 0..<p where i != j {
                let sMean = sSum[i, j] / sd[j] / sd[i] / Double(n - 1)
                let s2Mean = s2Sum[i, j] / variance[j] / variance[i] / Double(n - 1)
                varHat.append(Double(n) / (d * d) * (s2Mean - sMean * sMean))
                sMeanSquared.append(sMean * sMean)
            }
        }
        let lambda = Swift.max(Swift.min(NumPySummation.pairwiseSum(varHat) / NumPySummation.pairwiseSum(sMeanSquared), 1), 0)
        for i in 0..<p { for j in 0..<p where i != j { s[i, j] *= (1 - lambda) } }
        return s
    }

    /// Ledoit & Wolf: `S = X'X / n`, `m = tr S / p`, `d2 = ||S - m I||^2`,
    /// `b2 = min(d2, sum(s2/n - S∘S) / n)`; `(b2/d2) m I + (d2 - b2)/d2 S`, times `n / dof`.
    static func shrinkageEye(_ x: Matrix<Double>, dof: Int) -> Matrix<Double> {
        let n = Double(x.rows), p = x.columns
        let (sSum, s2Sum) = outerProductSums(x)
        var s = sSum
        for i in 0..<(p * p) { s.elements[i] = sSum.elements[i] / n }
        // numpy's np.sum (pairwise) for every reduction, as rsatoolbox's code does.
        var b2 = NumPySummation.pairwiseSum((0..<(p * p)).map { s2Sum.elements[$0] / n - s.elements[$0] * s.elements[$0] }) / n
        let m = NumPySummation.pairwiseSum((0..<p).map { s[$0, $0] }) / Double(p)
        let d2 = NumPySummation.pairwiseSum((0..<(p * p)).map { idx -> Double in
            let v = s.elements[idx] - (idx / p == idx % p ? m : 0)
            return v * v
        })
        b2 = Swift.min(d2, b2)
        var out = Matrix<Double>(rows: p, columns: p)
        for i in 0..<p {
            for j in 0..<p {
                out[i, j] = ((i == j ? b2 / d2 * m : 0) + (d2 - b2) / d2 * s[i, j]) * n / Double(dof)
            }
        }
        return out
    }
}
