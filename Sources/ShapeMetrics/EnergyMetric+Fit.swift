import LinearAlgebra

/// The optimisers of the energy metric's cross term f(Q) (see `EnergyMetric`).
extension EnergyMetric {
    /// One optimiser run: the alignment, f there (from the fit's evaluations), iterations,
    /// whether the stopping rule was met, and evaluations of f.
    struct Run {
        var q: Matrix<Double>
        var loss: Double
        var iterations: Int
        var converged: Bool
        var evaluations: Int
    }

    /// The default optimiser hands over from IRLS to L-BFGS once an IRLS step lowers f by
    /// less than this fraction. Measured on seeded pairs (conditions x samples x units) against
    /// plain IRLS at the default stopping rule. L-BFGS straight from netrep's start (its first
    /// Procrustes solution) ended in a worse local minimum on 16 of 30 pairs of 12 x 40 x 16 (by
    /// up to 1.7e-3 relative): its first, long quasi-Newton steps leave IRLS's basin. Handing
    /// over at 1e-6, it ended worse on none of 30 pairs each of 12 x 40 x 16, 10 x 30 x 24,
    /// 20 x 30 x 48 and 50 x 100 x 64 (lower on 29 of 10 x 30 x 24 and all of 50 x 100 x 64, with
    /// 37 evaluations against IRLS's 73 there), and on 4 of 90 pairs of 6 x 20 x 32 and 6 of 60
    /// of 8 x 25 x 40, by at most 9.4e-5 and 1.0e-5 relative (lower on 76 and 3). Which basin
    /// these few-condition, many-unit pairs end in also flips with rounding. Handing over at
    /// 1e-5 lost on 3 of 30 pairs of 6 x 20 x 32 by up to 3e-4; at 1e-7 the benchmark pair took
    /// 105 evaluations instead of 76.
    static let handOverTolerance = 1e-6

    func align(_ c: Matrix<Double>) throws -> Matrix<Double> {
        switch group {
        case .orthogonal: return try OrthogonalGroup.polarFactor(c)
        case .permutation: return OrthogonalGroup.bestPermutation(c)
        case .identity: return .identity(c.rows)
        }
    }

    /// netrep's first Procrustes problem (uniform weights): `sum_i (sum_b y_ib)' (sum_a x_ia)`.
    func uniformCross(_ x: Prepared, _ y: Prepared) -> Matrix<Double> {
        let n = x.units
        var cross = Matrix<Double>(rows: n, columns: n)
        for i in 0..<x.conditions {
            let sx = x.conditionSum(i), sy = y.conditionSum(i)
            for a in 0..<n { for b in 0..<n { cross.elements[a * n + b] += sy[a] * sx[b] } }
        }
        return cross
    }

    /// netrep's IRLS from Q0 (nil: netrep's start, uniform weights): `Q <- align(C(Q))`, each
    /// step a weighted Procrustes problem that never increases f. Stops when the stopping rule
    /// is met (converged) or, with `handOver`, as soon as a step lowers f by less than
    /// `handOver x f` (not converged: L-BFGS takes over).
    func irls(_ term: EnergyCrossTerm, _ x: Prepared, _ y: Prepared, start q0: Matrix<Double>?, handOver: Double? = nil) throws -> Run {
        let n = x.units
        var (prev, cross) = term.evaluate(q0 ?? .identity(n))
        if q0 == nil { cross = uniformCross(x, y) }
        var q = q0 ?? .identity(n)
        var iterations = 0
        while iterations < options.maxIterations {
            iterations += 1
            q = try align(cross)
            let (loss, nextCross) = term.evaluate(q)
            let fall = prev - loss
            prev = loss
            cross = nextCross
            let limit = absoluteTolerance ?? options.tolerance * Swift.abs(loss)
            if fall < limit { return Run(q: q, loss: loss, iterations: iterations, converged: true, evaluations: iterations + 1) }
            if let h = handOver, fall < h * Swift.abs(loss) {
                return Run(q: q, loss: loss, iterations: iterations, converged: false, evaluations: iterations + 1)
            }
        }
        return Run(q: q, loss: prev, iterations: iterations, converged: false, evaluations: iterations + 1)
    }

    /// IRLS until its steps become small (`handOverTolerance`), then Riemannian L-BFGS on -f
    /// (`OrthogonalMaximizer`) with the same stopping rule and the remaining iteration budget.
    ///
    /// The gradient handed over is the IRLS cross product C(Q) (scaled like f): f's Euclidean
    /// gradient is `-C + Y'DYQ` (D the column sums of the weights), and the second term has no
    /// Riemannian part (`skew(Q'Y'DYQ) = 0`), so C gives the same Riemannian gradient, while
    /// the maximiser's preconditioner built from `sym(Q'C)` is the curvature of the IRLS
    /// majoriser: its first step is about an IRLS step, and its fallback step is one. On the
    /// benchmark pair (50 x 100 x 64) IRLS hands over after 23 steps, L-BFGS passes netrep's
    /// final fit loss 6 iterations later and meets the stopping rule after 51 (74 in all;
    /// netrep needs 69 IRLS steps for its final loss, and IRLS ~1800 to converge). Without the
    /// preconditioner L-BFGS needed 137 iterations for netrep's loss; a history of 10 pairs
    /// converges as fast as 30 and costs less per step.
    func irlsThenLBFGS(_ term: EnergyCrossTerm, _ x: Prepared, _ y: Prepared, start q0: Matrix<Double>?) throws -> Run {
        let first = try irls(term, x, y, start: q0, handOver: Self.handOverTolerance)
        let budget = options.maxIterations - first.iterations
        if first.converged || budget <= 0 { return first }
        let maximizer = OrthogonalMaximizer(maxIterations: budget, tolerance: 0, gainTolerance: options.tolerance, memory: 10)
        let r = try maximizer.maximize(from: first.q) { q in
            let (loss, cross) = term.evaluate(q)
            return (-loss, cross)
        }
        return Run(q: r.t, loss: -r.value, iterations: first.iterations + r.iterations, converged: r.converged,
                   evaluations: first.evaluations + r.evaluations)
    }
}
