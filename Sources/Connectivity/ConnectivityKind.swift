import Foundation
import LinearAlgebra

/// What a connectivity matrix measures. Raw values are the names used on the command line.
public enum ConnectivityKind: String, CaseIterable, Sendable {
    /// `E(X)`: the estimator's covariance of the series.
    case covariance
    /// nilearn's "correlation": `cov_to_corr(E(zscore_ddof1(X)))`, diagonal exactly 1. With
    /// Ledoit-Wolf this is the *shrunk* correlation, `(1 - s) r` off the diagonal.
    case correlation
    /// nilearn's "partial correlation": `-cov_to_corr(inv(E(X)))`, diagonal 1. `E` acts on the
    /// unstandardised series, so with Ledoit-Wolf the result depends on the signals' scales.
    case partialCorrelation = "partial-correlation"
    /// `inv(E(X))`.
    case precision
    /// nilearn's "tangent": `logm(M^-1/2 E(X_s) M^-1/2)` with M the geometric (Riemannian)
    /// mean of the subjects' covariances; needs two or more subjects.
    case tangent
    /// Plain Pearson correlation (no shrinkage, whatever the estimator): what XCP-D reports.
    /// Equals nilearn's "correlation" with `EmpiricalCovariance`.
    case pearson

    /// nilearn's name of the kind (`ConnectivityMeasure(kind=...)`), nil for `pearson`.
    public var nilearnName: String? {
        switch self {
        case .covariance: return "covariance"
        case .correlation: return "correlation"
        case .partialCorrelation: return "partial correlation"
        case .precision: return "precision"
        case .tangent: return "tangent"
        case .pearson: return nil
        }
    }

    /// True for kinds bounded in [-1, 1] with a unit diagonal (Fisher z is defined for them).
    public var isCorrelationLike: Bool { self == .correlation || self == .partialCorrelation || self == .pearson }

    /// Parses a CLI / config name; accepts nilearn's spelling ("partial correlation") and
    /// underscores as well.
    public init?(name: String) {
        let key = name.lowercased().replacingOccurrences(of: "_", with: "-").replacingOccurrences(of: " ", with: "-")
        self.init(rawValue: key)
    }
}

/// The per-subject formulas behind each kind (tangent's whitening lives in `TangentSpace`).
public enum ConnectivityFormulas {
    /// nilearn `cov_to_corr`: `C_ij / sqrt(C_ii C_jj)` (computed as `(C_ij d_j) d_i`,
    /// d = 1/sqrt(diag)), diagonal forced to exactly 1.
    public static func covarianceToCorrelation(_ c: Matrix<Double>) -> Matrix<Double> {
        let p = c.rows
        let d = (0..<p).map { 1.0 / c[$0, $0].squareRoot() }
        var r = c
        for i in 0..<p { for j in 0..<p { r[i, j] = (c[i, j] * d[j]) * d[i] } }
        for i in 0..<p { r[i, i] = 1 }
        return r
    }

    /// nilearn `prec_to_partial`: `-cov_to_corr(P)` with diagonal 1.
    public static func precisionToPartialCorrelation(_ prec: Matrix<Double>) -> Matrix<Double> {
        var r = covarianceToCorrelation(prec)
        for k in 0..<r.elements.count { r.elements[k] = -r.elements[k] }
        for i in 0..<r.rows { r[i, i] = 1 }
        return r
    }

    /// nilearn `standardize_signal(x, standardize="zscore_sample")`: centre each column and
    /// divide by its ddof=1 standard deviation (sd < eps -> 1).
    public static func zscoreSample(_ x: Matrix<Double>) -> Matrix<Double> {
        var c = CovarianceEstimator.centered(x)
        let n = x.rows, p = x.columns
        let m2 = (0..<p).map { j in (0..<n).reduce(0.0) { $0 + c.elements[$1 * p + j] } / Double(n) }
        for j in 0..<p {
            var ss = 0.0
            for i in 0..<n { let v = c.elements[i * p + j] - m2[j]; ss += v * v }
            var sd = (ss / Double(n - 1)).squareRoot()
            if sd < Double.ulpOfOne { sd = 1 }
            for i in 0..<n { c.elements[i * p + j] /= sd }
        }
        return c
    }

    /// Fisher's z = artanh(r) of the off-diagonal entries; the diagonal (artanh(1) = inf) is
    /// set to 0. NaN entries stay NaN.
    public static func fisherZ(_ r: Matrix<Double>) -> Matrix<Double> {
        var z = r
        for i in 0..<r.rows { for j in 0..<r.columns {
            z[i, j] = i == j ? (r[i, j].isNaN ? .nan : 0) : 0.5 * log((1 + r[i, j]) / (1 - r[i, j]))
        } }
        return z
    }

    /// The element-wise mean of matrices of one shape (the group average of runs' matrices);
    /// each entry summed as value / count in the order given, so results do not depend on
    /// threads. Throws when the shapes differ.
    public static func mean(_ matrices: [Matrix<Double>]) throws -> Matrix<Double> {
        guard let first = matrices.first else { throw ConnectivityError.shapeMismatch("no matrices to average") }
        var m = Matrix<Double>(rows: first.rows, columns: first.columns)
        for x in matrices {
            guard x.rows == first.rows, x.columns == first.columns else {
                throw ConnectivityError.shapeMismatch("matrices of \(first.rows) x \(first.columns) and \(x.rows) x \(x.columns) cannot be averaged")
            }
            for i in 0..<x.rows { for j in 0..<x.columns { m[i, j] += x[i, j] / Double(matrices.count) } }
        }
        return m
    }
}
