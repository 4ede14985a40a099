import Foundation

/// Student t tails and the normal quantile, enough to turn a t statistic into nilearn's p value
/// and z score (`glm/contrasts.py` `Contrast.p_value`, `one_minus_pvalue`; `glm/_utils.py`
/// `z_score`), including its handling of extreme values:
///
/// * p = t.sf(t, dof), 1 - p = t.cdf(t, dof), with dof capped at 1e10 (`DEF_DOFMAX`);
/// * both clipped to [1e-300, 1 - 1e-16]; z = norm.isf(p), except where that is negative, where
///   z = norm.ppf(1 - p). So |z| never exceeds 37.0471 (the quantile of 1e-300), and the small
///   tail is always the one inverted (no cancellation for large negative t).
///
/// The t tail is the regularised incomplete beta function I_x(dof/2, 1/2) with
/// x = dof / (dof + t^2), evaluated by its continued fraction (modified Lentz) in whichever
/// argument order converges; the normal quantile is Acklam's rational approximation refined by
/// Halley steps on `erfc`, accurate to a few ulps over the clipped range.
public enum TDistribution {
    /// nilearn's cap on the degrees of freedom.
    public static let dofMax = 1e10

    /// (sf, cdf) of Student's t with `dof` degrees of freedom at `t`; the smaller of the two is
    /// computed directly (full relative precision in the tail), the other as 1 minus it.
    public static func tails(_ t: Double, dof: Double) -> (sf: Double, cdf: Double) {
        Tails(dof: dof).at(t)
    }

    /// The t tails for one number of degrees of freedom (a contrast's), with log B(dof/2, 1/2)
    /// computed once instead of per voxel.
    public struct Tails: Sendable {
        let nu: Double
        let logBeta: Double

        public init(dof: Double) {
            nu = Swift.min(dof, TDistribution.dofMax)
            logBeta = nu > 0 ? IncompleteBeta.logBeta(nu / 2, 0.5) : .nan
        }

        /// (sf, cdf) at `t`.
        public func at(_ t: Double) -> (sf: Double, cdf: Double) {
            if t.isNaN || nu.isNaN || nu <= 0 { return (.nan, .nan) }
            if t == 0 { return (0.5, 0.5) }
            let small: Double
            if t.isInfinite { small = 0 } else {
                let t2 = t * t
                let x = nu / (nu + t2)          // I_x(nu/2, 1/2)
                let y = t2 / (nu + t2)          // 1 - x without cancellation
                // log x = -log1p(t^2 / nu): for many dof, x rounds to within an ulp of 1 and
                // a * log(x) would lose most of its digits.
                small = 0.5 * IncompleteBeta.regularized(a: nu / 2, b: 0.5, x: x, oneMinusX: y,
                                                         logX: -log1p(t2 / nu), logOneMinusX: log(y), logBeta: logBeta)
            }
            return t > 0 ? (small, 1 - small) : (1 - small, small)
        }
    }

    /// nilearn's z score of a t statistic (see the type's documentation).
    public static func zScore(_ t: Double, dof: Double) -> Double {
        zScore(tails: tails(t, dof: dof))
    }

    /// The z score from already computed (sf, cdf).
    public static func zScore(tails: (sf: Double, cdf: Double)) -> Double {
        let (sf, cdf) = tails
        if sf.isNaN { return .nan }
        let p = Swift.min(Swift.max(sf, 1e-300), 1 - 1e-16)
        // nilearn takes norm.isf(p) unless it is negative, i.e. unless p > 1/2 (the quantile
        // is monotone and 0 exactly at 1/2): then norm.ppf(1 - p), from the cdf tail. Deciding
        // on p first skips the quantile nilearn computes and discards.
        if p > 0.5 {
            let q = Swift.min(Swift.max(cdf, 1e-300), 1 - 1e-16)
            return NormalQuantile.ppf(q)
        }
        return -NormalQuantile.ppf(p)
    }
}

/// The regularised incomplete beta function I_x(a, b).
enum IncompleteBeta {
    static func regularized(a: Double, b: Double, x: Double, oneMinusX y: Double, logX: Double, logOneMinusX: Double,
                            logBeta lb: Double? = nil) -> Double {
        if x <= 0 { return 0 }
        if y <= 0 { return 1 }
        let lbeta = lb ?? logBeta(a, b)
        if x < (a + 1) / (a + b + 2) {
            return exp(a * logX + b * logOneMinusX - lbeta) * continuedFraction(a: a, b: b, x: x) / a
        }
        return 1 - exp(b * logOneMinusX + a * logX - lbeta) * continuedFraction(a: b, b: a, x: y) / b
    }

    /// log B(a, b); for a large and b = 1/2 (the t distribution with many degrees of freedom)
    /// through the asymptotic series of log(Gamma(a + 1/2) / Gamma(a)), since the difference of
    /// two large lgamma values would lose most digits.
    static func logBeta(_ a: Double, _ b: Double) -> Double {
        let big = Swift.max(a, b), other = Swift.min(a, b)
        if other == 0.5 && big > 1e4 {
            let lr = 0.5 * log(big) - 1 / (8 * big) + 1 / (192 * big * big * big)   // log Gamma(big+1/2)/Gamma(big)
            return lgamma(0.5) - lr
        }
        return lgamma(a) + lgamma(b) - lgamma(a + b)
    }

    /// Continued fraction of I_x(a, b) (modified Lentz, Numerical Recipes `betacf`).
    static func continuedFraction(a: Double, b: Double, x: Double) -> Double {
        let tiny = 1e-300, eps = 1e-16
        let qab = a + b, qap = a + 1, qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        var m = 1.0
        while m < 10_000_000 {
            let m2 = 2 * m
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let del = d * c
            h *= del
            if abs(del - 1) < eps { break }
            m += 1
        }
        return h
    }
}

/// The standard normal quantile (`scipy.special.ndtri`).
public enum NormalQuantile {
    public static func ppf(_ p: Double) -> Double {
        if p.isNaN || p < 0 || p > 1 { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        var x = acklam(p)
        // Halley refinement on the lower-tail probability (erfc keeps relative precision).
        for _ in 0..<3 {
            let e = 0.5 * erfc(-x / 2.0.squareRoot()) - p
            let u = e * (2 * Double.pi).squareRoot() * exp(x * x / 2)
            let step = u / (1 + x * u / 2)
            x -= step
            if abs(step) <= 1e-17 * Swift.max(1, abs(x)) { break }
        }
        return x
    }

    static func acklam(_ p: Double) -> Double {
        let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01]
        let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        let low = 0.02425
        if p < low {
            let q = (-2 * log(p)).squareRoot()
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        if p > 1 - low {
            let q = (-2 * log1p(-p)).squareRoot()
            return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        let q = p - 0.5, r = q * q
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
    }
}
