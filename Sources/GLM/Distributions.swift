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
/// argument order converges (four voxels at a time in SIMD lanes for whole maps, each lane doing
/// exactly the scalar operations, so a voxel's value does not depend on its neighbours); the
/// normal quantile is Wichura's AS241 (PPND16), within 8e-16 relative of scipy's `ndtri` over
/// the clipped range.
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
            let job = prepare(t)
            guard let args = job.fraction else { return job.result }
            return finish(t, job, IncompleteBeta.continuedFraction(a: args.a, b: args.b, x: args.x))
        }

        /// (sf, cdf) at four t values at once: the four continued fractions run in SIMD lanes
        /// (their latency-bound divisions overlap); each lane's value is bit for bit `at(t)`'s.
        public func at4(_ t: SIMD4<Double>) -> (sf: SIMD4<Double>, cdf: SIMD4<Double>) {
            let jobs = (prepare(t[0]), prepare(t[1]), prepare(t[2]), prepare(t[3]))
            let list = [jobs.0, jobs.1, jobs.2, jobs.3]
            var a = SIMD4<Double>(repeating: 1), b = a, x = SIMD4<Double>(repeating: 0.5)
            for i in 0..<4 { if let f = list[i].fraction { a[i] = f.a; b[i] = f.b; x[i] = f.x } }
            let cf = IncompleteBeta.continuedFraction4(a: a, b: b, x: x)
            var sf = SIMD4<Double>(), cdf = SIMD4<Double>()
            for i in 0..<4 {
                let r = list[i].fraction == nil ? list[i].result : finish(t[i], list[i], cf[i])
                sf[i] = r.sf; cdf[i] = r.cdf
            }
            return (sf, cdf)
        }

        /// What `at(t)` needs: either the result outright, or a continued fraction I_x(a, b)
        /// (arguments possibly swapped) with the factor in front of it.
        struct Job {
            var result: (sf: Double, cdf: Double) = (.nan, .nan)
            var fraction: (a: Double, b: Double, x: Double)? = nil
            var front = 0.0, divisor = 1.0, swapped = false
        }

        func prepare(_ t: Double) -> Job {
            var job = Job()
            if t.isNaN || nu.isNaN || nu <= 0 { return job }
            if t == 0 { job.result = (0.5, 0.5); return job }
            if t.isInfinite { job.result = t > 0 ? (0, 1) : (1, 0); return job }
            let t2 = t * t
            let x = nu / (nu + t2)          // I_x(nu/2, 1/2)
            let y = t2 / (nu + t2)          // 1 - x without cancellation
            if x <= 0 { job.result = Self.sides(t, small: 0.5 * 0); return job }
            if y <= 0 { job.result = Self.sides(t, small: 0.5 * 1); return job }
            // log x = -log1p(t^2 / nu): for many dof, x rounds to within an ulp of 1 and
            // a * log(x) would lose most of its digits.
            let logX = -log1p(t2 / nu), logY = log(y)
            let a = nu / 2, b = 0.5
            if x < (a + 1) / (a + b + 2) {
                job.fraction = (a, b, x); job.front = exp(a * logX + b * logY - logBeta); job.divisor = a
            } else {
                job.fraction = (b, a, y); job.front = exp(b * logY + a * logX - logBeta); job.divisor = b; job.swapped = true
            }
            return job
        }

        func finish(_ t: Double, _ job: Job, _ cf: Double) -> (sf: Double, cdf: Double) {
            let v = job.front * cf / job.divisor
            return Self.sides(t, small: 0.5 * (job.swapped ? 1 - v : v))
        }

        static func sides(_ t: Double, small: Double) -> (sf: Double, cdf: Double) {
            t > 0 ? (small, 1 - small) : (1 - small, small)
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

/// The regularised incomplete beta function I_x(a, b) = x^a (1-x)^b / (a B(a, b)) times a
/// continued fraction (see `TDistribution.Tails.prepare`).
enum IncompleteBeta {
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

    /// `continuedFraction` in four lanes: every lane performs the scalar sequence of operations
    /// (IEEE arithmetic lane by lane, no fused multiply-add), and a lane's h stops changing at
    /// the iteration where the scalar loop would break.
    static func continuedFraction4(a: SIMD4<Double>, b: SIMD4<Double>, x: SIMD4<Double>) -> SIMD4<Double> {
        let tiny = 1e-300, eps = 1e-16
        let one = SIMD4<Double>(repeating: 1), tinyV = SIMD4<Double>(repeating: tiny)
        @inline(__always) func clamp(_ v: SIMD4<Double>) -> SIMD4<Double> {
            v.replacing(with: tinyV, where: (v .< tinyV) .& (v .> -tinyV))   // abs(v) < tiny
        }
        let qab = a + b, qap = a + 1, qam = a - 1
        var c = one
        var d = clamp(1 - qab * x / qap)
        d = 1 / d
        var h = d
        var active = SIMDMask<SIMD4<Int64>>(repeating: true)
        var m = 1.0
        while m < 10_000_000 {
            let m2 = 2 * m
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = clamp(1 + aa * d)
            c = clamp(1 + aa / c)
            d = 1 / d
            let h1 = h * (d * c)
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = clamp(1 + aa * d)
            c = clamp(1 + aa / c)
            d = 1 / d
            let del = d * c
            h.replace(with: h1 * del, where: active)
            let e = del - 1
            active = active .& .!((e .< SIMD4(repeating: eps)) .& (e .> SIMD4(repeating: -eps)))
            if !any(active) { break }
            m += 1
        }
        return h
    }
}

/// The standard normal quantile (`scipy.special.ndtri`): Wichura's AS241 (PPND16, Applied
/// Statistics 37:477, 1988), a rational function in p near 1/2 and in sqrt(-log p) in the tails,
/// accurate to about 1e-16 relative (within 8e-16 of scipy's `ndtri` for p in [1e-300, 1/2]).
public enum NormalQuantile {
    public static func ppf(_ p: Double) -> Double {
        if p.isNaN || p < 0 || p > 1 { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        let q = p - 0.5
        if abs(q) <= 0.425 {
            let r = 0.180625 - q * q
            let num = (((((((2.5090809287301226727e+3 * r + 3.3430575583588128105e+4) * r + 6.7265770927008700853e+4) * r +
                4.5921953931549871457e+4) * r + 1.3731693765509461125e+4) * r + 1.9715909503065514427e+3) * r +
                1.3314166789178437745e+2) * r + 3.3871328727963666080e+0) * q
            let den = ((((((5.2264952788528545610e+3 * r + 2.8729085735721942674e+4) * r + 3.9307895800092710610e+4) * r +
                2.1213794301586595867e+4) * r + 5.3941960214247511077e+3) * r + 6.8718700749205790830e+2) * r +
                4.2313330701600911252e+1) * r + 1.0
            return num / den
        }
        var r = (-log(q <= 0 ? p : 1 - p)).squareRoot()
        let num: Double, den: Double
        if r <= 5 {
            r -= 1.6
            num = ((((((7.74545014278341407640e-4 * r + 2.27238449892691845833e-2) * r + 2.41780725177450611770e-1) * r +
                1.27045825245236838258e+0) * r + 3.64784832476320460504e+0) * r + 5.76949722146069140550e+0) * r +
                4.63033784615654529590e+0) * r + 1.42343711074968357734e+0
            den = ((((((1.05075007164441684324e-9 * r + 5.47593808499534494600e-4) * r + 1.51986665636164571966e-2) * r +
                1.48103976427480074590e-1) * r + 6.89767334985100004550e-1) * r + 1.67638483018380384940e+0) * r +
                2.05319162663775882187e+0) * r + 1.0
        } else {
            r -= 5
            num = ((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 1.24266094738807843860e-3) * r +
                2.65321895265761230930e-2) * r + 2.96560571828504891230e-1) * r + 1.78482653991729133580e+0) * r +
                5.46378491116411436990e+0) * r + 6.65790464350110377720e+0
            den = ((((((2.04426310338993978564e-15 * r + 1.42151175831644588870e-7) * r + 1.84631831751005468180e-5) * r +
                7.86869131145613259100e-4) * r + 1.48753612908506148525e-2) * r + 1.36929880922735805310e-1) * r +
                5.99832206555887937690e-1) * r + 1.0
        }
        let x = num / den
        return q < 0 ? -x : x
    }
}
