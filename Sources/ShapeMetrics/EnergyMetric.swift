import LinearAlgebra

/// netrep's `EnergyStochasticMetric` (Duong et al., ICLR 2023): the energy distance between
/// the per-condition sample clouds after the best alignment Q of the second representation:
///
///     d^2 = (1/M) sum_i [ E||x - y Q|| - (E||x - x'|| + E||y - y'||) / 2 ]
///
/// where the cross expectation runs over all sample pairs (a, b) of condition i and the
/// within-set ones over the pairs a < b. Only the cross term f(Q) = E||x - y Q|| (netrep's fit
/// loss) depends on Q; `objective` reports it at the alignment found.
///
/// netrep minimises f by iteratively reweighted Procrustes (IRLS, `Optimizer.irls`), a
/// majorise-minimise scheme that converges linearly and slowly. By default we run IRLS until
/// its steps become small and then Riemannian L-BFGS (`irlsThenLBFGS`): on the 50 x 100 x 64
/// benchmark pair 23 IRLS steps and 51 L-BFGS iterations reach fit loss 12.35593908 (distance
/// 1.05801586; the optimum is about 12.35593900), where plain IRLS stops at its 100-step cap at
/// 12.35594376 and netrep at 12.35598342 after 69 steps.
///
/// Stopping rule: netrep stops when the fit loss falls by less than `tol` = 1e-6 (absolute);
/// we stop when it falls by less than `tolerance x loss` in an iteration (relative, for both
/// optimisers). `absoluteTolerance` reproduces netrep exactly: its IRLS with its rule, as the
/// fixture test does. Other differences from netrep: the within-set terms are computed once
/// per representation in `prepare`, residuals come from one matrix product per condition
/// instead of materialising all r^2 stacked pairs (`EnergyCrossTerm`), seeded random restarts
/// are offered, and the permutation group works (IRLS steps solved by linear assignment).
public struct EnergyMetric: ShapeMetric {
    public var group: AlignmentGroup
    public var options: FitOptions
    /// When set, run netrep's IRLS and stop on an absolute fall of the fit loss below this
    /// (netrep's `tol`).
    public var absoluteTolerance: Double?
    /// How the orthogonal alignment is searched (the permutation group always uses IRLS steps).
    public var optimizer: Optimizer = .riemannianLBFGS

    public enum Optimizer: String, Sendable, CaseIterable {
        /// IRLS until a step lowers the fit loss by less than 1e-6 relative, then Riemannian
        /// L-BFGS preconditioned by the IRLS curvature (default).
        case riemannianLBFGS = "lbfgs"
        /// netrep's iteratively reweighted Procrustes.
        case irls
    }

    /// Defaults: at most 100 iterations (netrep's cap); relative tolerance 1e-9.
    public init(group: AlignmentGroup = .orthogonal, options: FitOptions = FitOptions(maxIterations: 100, tolerance: 1e-9),
                absoluteTolerance: Double? = nil) {
        self.group = group
        self.options = options
        self.absoluteTolerance = absoluteTolerance
    }

    public struct Prepared: Sendable {
        public let label: String
        let conditions: Int, samples: Int, units: Int
        /// `conditions x samples x units`, row-major (the representation's values).
        let values: [Double]
        /// |x_ia|^2 per stacked row.
        let rowSquaredNorms: [Double]
        /// (1/M) sum_i mean_{a<b} ||x_ia - x_ib||
        public let withinMean: Double

        /// `sum_a x_ia` (the units of condition i summed over samples).
        func conditionSum(_ i: Int) -> [Double] {
            var s = [Double](repeating: 0, count: units)
            for a in 0..<samples { for j in 0..<units { s[j] += values[(i * samples + a) * units + j] } }
            return s
        }
    }

    public func prepare(_ r: ShapeRepresentation) throws -> Prepared {
        guard let s = r.samples else {
            throw ShapeMetricsError("\(r.label): the energy metric needs samples (conditions x samples x units), got a conditions x units matrix")
        }
        guard s >= 2 else { throw ShapeMetricsError("\(r.label): the energy metric needs at least 2 samples per condition") }
        let n = r.units
        let (norms, within) = r.values.withUnsafeBufferPointer { v -> ([Double], Double) in
            let norms = (0..<(r.conditions * s)).map { PointDistances.squaredNorm(v.baseAddress! + $0 * n, n) }
            var within = 0.0
            for i in 0..<r.conditions {
                within += PointDistances.withinSum(v.baseAddress! + i * s * n, rows: s, dim: n) / Double(s * (s - 1) / 2)
            }
            return (norms, within)
        }
        return Prepared(label: r.label, conditions: r.conditions, samples: s, units: n, values: r.values,
                        rowSquaredNorms: norms, withinMean: within / Double(r.conditions))
    }

    /// Exact cross term (1/M) sum_i mean_ab ||x_ia - y_ib Q|| from explicit differences.
    func crossMean(_ x: Prepared, _ y: Prepared, _ q: Matrix<Double>) -> Double {
        let n = x.units, sx = x.samples, sy = y.samples
        let yq = Matrix(rows: y.conditions * sy, columns: n, elements: y.values) * q
        var total = 0.0
        x.values.withUnsafeBufferPointer { xp in
            yq.elements.withUnsafeBufferPointer { yp in
                for i in 0..<x.conditions {
                    total += PointDistances.crossSum(xp.baseAddress! + i * sx * n, rows: sx, yp.baseAddress! + i * sy * n, rows: sy, dim: n)
                        / Double(sx * sy)
                }
            }
        }
        return total / Double(x.conditions)
    }

    /// d at a given alignment Q (netrep `score` after `fit`).
    public func distance(_ x: Prepared, _ y: Prepared, alignment q: Matrix<Double>) throws -> Double {
        try check(x, y)
        return Swift.max(0, crossMean(x, y, q) - 0.5 * (x.withinMean + y.withinMean)).squareRoot()
    }

    func check(_ x: Prepared, _ y: Prepared) throws {
        guard x.conditions == y.conditions, x.units == y.units else {
            throw ShapeMetricsError("\(x.label) has \(x.conditions) conditions x \(x.units) units, \(y.label) has \(y.conditions) x \(y.units): the energy metric needs equal shapes")
        }
    }

    /// Fits Q and returns the distance and Q. Start 0 is netrep's (uniform weights), starts
    /// 1... seeded random orthogonal matrices (or permutations).
    public func fit(_ x: Prepared, _ y: Prepared, stream: Int = 0) throws -> (result: ShapeDistance, alignment: Matrix<Double>) {
        try check(x, y)
        let n = x.units
        if group == .identity {
            let c = crossMean(x, y, .identity(n))
            let d = Swift.max(0, c - 0.5 * (x.withinMean + y.withinMean)).squareRoot()
            return (ShapeDistance(distance: d, objective: c), .identity(n))
        }
        var rng = SeededGenerator(seed: options.seed, stream: stream)
        var best: (run: Run, start: Int)? = nil
        var evaluations = 0
        let term = EnergyCrossTerm(x, y)
        for start in 0...Swift.max(0, options.restarts) {
            let q0: Matrix<Double>? = start == 0 ? nil
                : (group == .orthogonal ? try OrthogonalGroup.random(n, using: &rng) : OrthogonalGroup.randomPermutation(n, using: &rng))
            let usesIRLS = group == .permutation || optimizer == .irls || absoluteTolerance != nil
            let r = try usesIRLS ? irls(term, x, y, start: q0) : irlsThenLBFGS(term, x, y, start: q0)
            evaluations += r.evaluations
            if best == nil || r.loss < best!.run.loss { best = (r, start) }
        }
        let b = best!
        let c = crossMean(x, y, b.run.q)
        let d = Swift.max(0, c - 0.5 * (x.withinMean + y.withinMean)).squareRoot()
        return (ShapeDistance(distance: d, objective: c, iterations: b.run.iterations, evaluations: evaluations,
                              winningStart: b.start, starts: options.restarts + 1, converged: b.run.converged), b.run.q)
    }

    public func compare(_ x: Prepared, _ y: Prepared, stream: Int = 0) throws -> ShapeDistance {
        try fit(x, y, stream: stream).result
    }
}
