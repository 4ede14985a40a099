import LinearAlgebra

/// Riemannian trust-region Newton (Absil, Baker & Gallivan 2007; the algorithm of manopt's
/// `trustregions`) maximising h(T) over O(n), in the left-trivialised coordinates
/// `T -> T cay(W)`, W skew-symmetric.
///
/// Why: each step of the Gaussian fit costs M SVDs, while a Hessian-vector product costs only
/// matrix products (`GaussianObjective.gradientDerivative`). Newton steps, solved inexactly
/// by truncated conjugate gradients, need a handful of points where L-BFGS needed 100-250
/// and netrep's alternation 1000.
///
/// For f = -h with Euclidean gradient G and derivative dG of G along `T W`, the Riemannian
/// gradient is `-skew(T' G)` and the Riemannian Hessian `-skew(T' dG - W sym(T' G))`.
/// The inner solver is Steihaug-Toint truncated CG, preconditioned by the inverse Lyapunov
/// operator of `sym(T' G)` (`lyapunovPreconditioner`: the exact inverse Hessian of the linear
/// part), with the trust region measured in the preconditioner's norm (manopt's recurrences).
/// Inner stopping rule `||r|| <= ||r0|| min(sqrt(rel), 0.1)`, rel the relative gradient norm:
/// scale-free, and superlinear outer convergence (order 1.5) without solving the early, far
/// Newton systems exactly (rel itself as the forcing term, i.e. quadratic convergence, cost
/// 20% more time on the benchmark pairs). The first radius is the length of the
/// preconditioned gradient step (about one alternating-Procrustes step); radii stay below 4
/// times that, so steps do not jump far from the start's basin.
/// The outer stopping rule is `OrthogonalMaximizer`'s: `||skew(T' G)|| <= tolerance ||G||`.
/// Counted on the benchmark's 45 pairs of random 64-unit networks (alpha 1, two starts):
/// 16 iterations for the winning start and 34 points a pair on average, where L-BFGS took
/// 77-260 iterations and 191-423 points a pair (times of both in one run in BENCHMARKS.md).
/// Same optimum as L-BFGS on 41 pairs; on 4 a different local optimum,
/// up to 1.8e-4 higher in distance (both searches are local; `restarts` widens either).
extension OrthogonalMaximizer {
    struct TrustRegionCallbacks<Point> {
        /// The point's value h and Euclidean gradient.
        var evaluate: (Matrix<Double>) throws -> Point
        var value: (Point) -> Double
        var gradient: (Point) -> Matrix<Double>
        var t: (Point) -> Matrix<Double>
        /// Derivative of the Euclidean gradient at the point along `dT`.
        var gradientDerivative: (Point, Matrix<Double>) -> Matrix<Double>
    }

    func maximizeByTrustRegion<Point>(from start: Matrix<Double>, _ f: TrustRegionCallbacks<Point>,
                                      maxInner: Int = 250) throws -> Result {
        var point = try f.evaluate(start)
        var evaluations = 1, iterations = 0, converged = false
        var radius = 0.0
        var rejectedInARow = 0
        var maxRadius = Double.infinity
        while iterations < maxIterations {
            let t = f.t(point), g = f.gradient(point)
            let gNorm = g.squaredNorm.squareRoot()
            let tg = t.multiplied(by: g, transposeSelf: true)
            let grad = tg.skewPart.scaled(by: -1)  // of -h
            let gradNorm = grad.squaredNorm.squareRoot()
            let relative = gradNorm / Swift.max(gNorm, .leastNormalMagnitude)
            if relative <= tolerance { converged = true; break }
            iterations += 1
            let sym = tg.symmetrized
            let precondition = try lyapunovPreconditioner(symmetricPart: sym)
            let hessian: (Matrix<Double>) -> Matrix<Double> = { w in
                let dg = f.gradientDerivative(point, t * w)
                return (t.multiplied(by: dg, transposeSelf: true) - w * sym).skewPart.scaled(by: -1)
            }
            if radius == 0 {
                // first radius: the length (preconditioner norm) of the preconditioned gradient
                // step, i.e. about one alternating-Procrustes step
                let z = precondition(grad)
                radius = z.frobeniusDot(grad).squareRoot()
                maxRadius = 4 * radius
            }
            let step = truncatedCG(gradient: grad, hessian: hessian, precondition: precondition, radius: radius,
                                   forcing: Swift.min(relative.squareRoot(), 0.1), maxInner: maxInner)
            let candidate = try f.evaluate(t * (try OrthogonalGroup.cayley(step.eta)))
            evaluations += 1
            let actual = f.value(candidate) - f.value(point)       // increase of h = decrease of f
            let predicted = -step.modelChange                       // > 0 unless the model failed
            let h = Swift.abs(f.value(point))
            // below the rounding of h, ratios are noise: accept non-decreasing steps
            let rho = predicted <= 1e-14 * h ? (actual >= -1e-14 * h ? 1 : -1) : actual / predicted
            if rho < 0.25 { radius /= 4 } else if rho > 0.75 && step.hitBoundary { radius = Swift.min(2 * radius, maxRadius) }
            if rho > 0.1 && actual > -1e-14 * h {
                point = candidate
                rejectedInARow = 0
            } else {
                rejectedInARow += 1
                if rejectedInARow >= 30 {
                    // no progress possible at this precision
                    converged = relative <= tolerance.squareRoot()
                    break
                }
            }
        }
        let t = try OrthogonalGroup.polarFactor(f.t(point))
        return Result(t: t, value: f.value(point), iterations: iterations, evaluations: evaluations, converged: converged)
    }

    /// Steihaug-Toint truncated CG on the model `m(eta) = <grad, eta> + <eta, H eta> / 2` inside
    /// the trust region `||eta||_P <= radius` (manopt `tCG`). Returns the step, the model change
    /// `m(eta)` (negative when the model decreases) and whether the step hit the boundary.
    func truncatedCG(gradient r0: Matrix<Double>, hessian: (Matrix<Double>) -> Matrix<Double>,
                     precondition: (Matrix<Double>) -> Matrix<Double>, radius: Double,
                     forcing: Double, maxInner: Int) -> (eta: Matrix<Double>, modelChange: Double, hitBoundary: Bool) {
        let n = r0.rows
        var eta = Matrix<Double>(rows: n, columns: n), hEta = eta
        var r = r0
        var z = precondition(r)
        var zr = z.frobeniusDot(r)
        var dPd = zr, ePd = 0.0, ePe = 0.0
        var delta = z.scaled(by: -1)
        let r0Norm = r0.squaredNorm.squareRoot()
        let radius2 = radius * radius
        var hitBoundary = false
        for _ in 0..<maxInner {
            let hDelta = hessian(delta)
            let dHd = delta.frobeniusDot(hDelta)
            let alpha = zr / dHd
            let ePeNew = ePe + 2 * alpha * ePd + alpha * alpha * dPd
            if !(dHd > 0) || ePeNew >= radius2 {
                let tau = (-ePd + (ePd * ePd + dPd * (radius2 - ePe)).squareRoot()) / dPd
                eta = eta + delta.scaled(by: tau)
                hEta = hEta + hDelta.scaled(by: tau)
                hitBoundary = true
                break
            }
            ePe = ePeNew
            eta = eta + delta.scaled(by: alpha)
            hEta = hEta + hDelta.scaled(by: alpha)
            r = r + hDelta.scaled(by: alpha)
            if r.squaredNorm.squareRoot() <= r0Norm * forcing { break }
            z = precondition(r)
            let zrOld = zr
            zr = z.frobeniusDot(r)
            let beta = zr / zrOld
            delta = z.scaled(by: -1) + delta.scaled(by: beta)
            ePd = beta * (ePd + alpha * dPd)
            dPd = zr + beta * beta * dPd
        }
        let model = r0.frobeniusDot(eta) + 0.5 * eta.frobeniusDot(hEta)
        return (eta, model, hitBoundary)
    }
}
