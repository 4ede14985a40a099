import LinearAlgebra

/// netrep's `GaussianStochasticMetric` (Duong et al., ICLR 2023): each condition's responses
/// are summarised by a mean and a covariance, and two representations are compared after the
/// best alignment T (orthogonal by default) of the second onto the first:
///
///     d(alpha)^2 = (1/M) sum_i [ alpha ||mx_i - my_i T||^2 + (2 - alpha) B(cx_i, T' cy_i T)^2 ]
///
/// with B the Bures metric (`Bures`). alpha in [0, 2]: 0 compares covariances only, 1 is the
/// 2-Wasserstein distance between the Gaussians, 2 compares means only (closed form).
/// `objective` reports d^2, the quantity minimised.
///
/// Where we deliberately differ from netrep 0.0.2 (`_fit_gaussian_alignment`):
/// - we minimise d^2 itself. netrep stacks rows weighted by alpha and (2 - alpha) instead of
///   their square roots, so for alpha outside {0, 1, 2} it minimises a different function;
/// - trust-region Newton on O(n) (`OrthogonalMaximizer.maximizeByTrustRegion`, exact
///   Hessian products from `GaussianObjective`) instead of alternating Procrustes, stopping on
///   the relative optimality residual instead of an absolute loss change of 1e-8 (which
///   depends on the data's scale and often runs into netrep's 1000-step cap); L-BFGS and
///   netrep's alternation remain as `optimizer` choices;
/// - seeded random restarts (`FitOptions.restarts`); the result says which start won
///   (0 = netrep's start, the Procrustes alignment of the means);
/// - covariance square roots clip negative eigenvalues to zero, so singular covariances
///   (fewer samples than units) work without a ridge. `covarianceRidge` (default 0) adds
///   `ridge * I` to every covariance, as netrep's `pairwise_distances(eps=1e-6)` does;
/// - the permutation group works (majorise-minimise steps solved by linear assignment).
public struct GaussianMetric: ShapeMetric {
    public var alpha: Double
    public var group: AlignmentGroup
    public var options: FitOptions
    /// Added to every covariance's diagonal (netrep's `eps` in `pairwise_distances`).
    public var covarianceRidge: Double
    /// Degrees of freedom of the sample covariance (1 = `np.cov` default).
    public var covarianceDDOF: Int
    /// How the orthogonal alignment is searched.
    public var optimizer: Optimizer = .trustRegion

    public enum Optimizer: String, Sendable, CaseIterable {
        /// Riemannian trust-region Newton with exact Hessian products (default;
        /// `OrthogonalMaximizer.maximizeByTrustRegion`).
        case trustRegion = "newton"
        /// Riemannian L-BFGS (`OrthogonalMaximizer.maximize`).
        case riemannianLBFGS = "lbfgs"
        /// netrep's alternating Procrustes, on the score's objective (square-root weights),
        /// with the other searches' stopping rule (relative optimality residual).
        case alternation
    }

    /// Defaults: two starts (netrep's and the moment start), tolerance 1e-5, 1000 iterations.
    public init(alpha: Double = 1, group: AlignmentGroup = .orthogonal, options: FitOptions = FitOptions(restarts: 1),
                covarianceRidge: Double = 0, covarianceDDOF: Int = 1) throws {
        guard (0...2).contains(alpha) else { throw ShapeMetricsError("Gaussian metric: alpha must be in [0, 2] (0 covariances only, 1 Wasserstein, 2 means only), got \(alpha)") }
        guard covarianceRidge >= 0 else { throw ShapeMetricsError("Gaussian metric: covariance ridge must be >= 0, got \(covarianceRidge)") }
        self.alpha = alpha
        self.group = group
        self.options = options
        self.covarianceRidge = covarianceRidge
        self.covarianceDDOF = covarianceDDOF
    }

    /// Per-representation moments: means, covariance traces and square roots.
    public struct Prepared: Sendable {
        public let label: String
        public let means: Matrix<Double>
        public let traces: [Double]
        let sqrtCovariances: [Matrix<Double>]
        /// Per condition F' (k x units) with `F F'` the covariance, when known without an
        /// eigendecomposition: from the samples (k = samples) or a deterministic
        /// representation's zero covariance (k = 0); nil for covariances given directly or
        /// with a ridge (full rank). `objective` uses them when they are narrower than the units.
        let covarianceFactors: [Matrix<Double>]?
        /// Number of negative covariance eigenvalues clipped to zero over all conditions.
        public let clippedEigenvalues: Int
    }

    /// Moments from samples (`conditions x samples x units`).
    public func prepare(_ r: ShapeRepresentation) throws -> Prepared {
        guard let s = r.samples else {
            throw ShapeMetricsError("\(r.label): the Gaussian metric needs samples (conditions x samples x units), got a conditions x units matrix")
        }
        guard s > covarianceDDOF else { throw ShapeMetricsError("\(r.label): \(s) samples per condition cannot give a covariance with ddof \(covarianceDDOF)") }
        var covs: [Matrix<Double>] = [], factors: [Matrix<Double>] = []
        let means = r.conditionMatrix
        for i in 0..<r.conditions {
            let xc = r.sampleMatrix(i).subtractingRow(means.row(i))
            covs.append(xc.gram(scale: 1 / Double(s - covarianceDDOF)))
            factors.append(xc.scaled(by: 1 / Double(s - covarianceDDOF).squareRoot()))   // F' = Xc / sqrt(s - ddof)
        }
        return try prepare(label: r.label, means: means, covariances: covs, factors: factors)
    }

    /// Moments of a deterministic representation (one point per condition): zero covariances,
    /// whose factors have k = 0.
    func prepareDeterministic(label: String, means: Matrix<Double>) throws -> Prepared {
        let zero = Matrix<Double>(rows: means.columns, columns: means.columns)
        return try prepare(label: label, means: means, covariances: Array(repeating: zero, count: means.rows),
                           factors: Array(repeating: Matrix(rows: 0, columns: means.columns), count: means.rows))
    }

    /// Moments given directly (netrep's `(means, covariances)` input).
    public func prepare(label: String, means: Matrix<Double>, covariances: [Matrix<Double>]) throws -> Prepared {
        try prepare(label: label, means: means, covariances: covariances, factors: nil)
    }

    /// `factors`: F' per condition with F F' = the covariance (see `Prepared.covarianceFactors`);
    /// dropped when a ridge makes the covariances full rank.
    func prepare(label: String, means: Matrix<Double>, covariances: [Matrix<Double>], factors: [Matrix<Double>]?) throws -> Prepared {
        guard covariances.count == means.rows, covariances.allSatisfy({ $0.rows == means.columns && $0.columns == means.columns }) else {
            throw ShapeMetricsError("\(label): need one \(means.columns) x \(means.columns) covariance per condition (\(means.rows)), got \(covariances.count)")
        }
        var roots: [Matrix<Double>] = [], traces: [Double] = [], clipped = 0
        for (i, c0) in covariances.enumerated() {
            var c = c0
            if covarianceRidge > 0 { for k in 0..<c.rows { c[k, k] += covarianceRidge } }
            guard c.elements.allSatisfy(\.isFinite) else { throw ShapeMetricsError("\(label): covariance of condition \(i) has non-finite values") }
            let root = try Bures.covarianceSqrt(c)
            clipped += root.clippedEigenvalues
            roots.append(root.sqrt)
            traces.append(c.trace)
        }
        return Prepared(label: label, means: means, traces: traces, sqrtCovariances: roots,
                        covarianceFactors: covarianceRidge > 0 ? nil : factors, clippedEigenvalues: clipped)
    }

    func check(_ x: Prepared, _ y: Prepared) throws {
        guard x.means.rows == y.means.rows, x.means.columns == y.means.columns else {
            throw ShapeMetricsError("\(x.label) is \(x.means.rows) conditions x \(x.means.columns) units, \(y.label) is \(y.means.rows) x \(y.means.columns): the Gaussian metric needs equal shapes")
        }
    }

    /// d at a given alignment T (netrep `transform` + `score`), computed term by term.
    public func distance(_ x: Prepared, _ y: Prepared, alignment t: Matrix<Double>) throws -> Double {
        try check(x, y)
        return squaredDistance(x, y, t).squareRoot()
    }

    func squaredDistance(_ x: Prepared, _ y: Prepared, _ t: Matrix<Double>) -> Double {
        let m = x.means.rows
        var total = 0.0
        if alpha > 0 { total += alpha * (x.means - y.means * t).squaredNorm }
        if alpha < 2 {
            for i in 0..<m {
                let nuc = (try? Bures.nuclearNorm(x.sqrtCovariances[i] * t.multiplied(by: y.sqrtCovariances[i], transposeSelf: true))) ?? .nan
                total += (2 - alpha) * (x.traces[i] + y.traces[i] - 2 * nuc)
            }
        }
        let mean = total / Double(m)
        return Swift.max(mean, 0)  // rounding can make an exact zero slightly negative
    }

    /// The part of d^2 that depends on T, to maximise:
    /// `h(T) = alpha <my' mx, T> + (2 - alpha) sum_i ||sy_i T sx_i||_*`, with its gradient
    /// `alpha my' mx + (2 - alpha) sum_i sy_i U_i V_i' sx_i` (`U_i S_i V_i' = svd(sy_i T sx_i)`);
    /// `d^2 = const - 2 h(T) / M`.
    ///
    /// Low rank (`GaussianObjective`, `CovarianceFactor`) when both sides have covariance
    /// factors and every condition's k is below the width (each product and SVD then shrinks
    /// from n to k); the symmetric roots (dense) otherwise. Both compute the same function.
    func objective(_ x: Prepared, _ y: Prepared) -> GaussianObjective {
        let cross = y.means.multiplied(by: x.means, transposeSelf: true)
        let n = x.means.columns
        if let fx = x.covarianceFactors, let fy = y.covarianceFactors,
           (fx + fy).allSatisfy({ $0.rows < n && $0.columns == n }) {
            return GaussianObjective(alpha: alpha, meanCross: cross, factorsX: fx.map(CovarianceFactor.init(transposed:)),
                                     factorsY: fy.map(CovarianceFactor.init(transposed:)))
        }
        return GaussianObjective(alpha: alpha, meanCross: cross, sqrtX: x.sqrtCovariances, sqrtY: y.sqrtCovariances)
    }

    /// Value and gradient only (the L-BFGS, alternation and permutation searches).
    func objectiveTerms(_ x: Prepared, _ y: Prepared) -> (Matrix<Double>) throws -> (value: Double, gradient: Matrix<Double>) {
        let h = objective(x, y)
        return { t in
            let p = try h.evaluate(t)
            return (p.value, p.gradient)
        }
    }

    /// `alpha my' mx + (2 - alpha) sum_i sy_i sx_i`. Since `||M||_* >= tr M`, `<this, T>` is a
    /// linear lower bound of h(T) that is exact when every `sy_i T sx_i` is symmetric PSD;
    /// its maximiser (the polar factor) is start 1: unlike netrep's start (Procrustes of the
    /// means, whose polar factor is arbitrary on the null space when there are fewer
    /// conditions than units) it uses the covariances too.
    func momentCross(_ x: Prepared, _ y: Prepared) -> Matrix<Double> {
        var k = y.means.multiplied(by: x.means, transposeSelf: true).scaled(by: alpha)
        if alpha < 2 {
            for i in 0..<x.means.rows { k = k + (y.sqrtCovariances[i] * x.sqrtCovariances[i]).scaled(by: 2 - alpha) }
        }
        return k
    }

    /// Fits the alignment and returns the distance (and the alignment T). Starts: 0 is netrep's
    /// (Procrustes of the means), 1 the moment start (`momentCross`), 2... seeded random
    /// orthogonal matrices (or permutations); `options.restarts` counts the starts after 0.
    public func fit(_ x: Prepared, _ y: Prepared, stream: Int = 0) throws -> (result: ShapeDistance, alignment: Matrix<Double>) {
        try check(x, y)
        let n = x.means.columns
        if group == .identity {
            let d2 = squaredDistance(x, y, .identity(n))
            return (ShapeDistance(distance: d2.squareRoot(), objective: d2), .identity(n))
        }
        let evaluate = objectiveTerms(x, y)
        let maximizer = OrthogonalMaximizer(maxIterations: options.maxIterations, tolerance: options.tolerance)
        var rng = SeededGenerator(seed: options.seed, stream: stream)
        let meanCross = y.means.multiplied(by: x.means, transposeSelf: true)
        var best: (r: OrthogonalMaximizer.Result, start: Int)? = nil
        var evaluations = 0
        // alpha = 2 over O(n) is linear in T: the polar factor of my' mx is the global optimum
        let lastStart = alpha == 2 && group == .orthogonal ? 0 : Swift.max(0, options.restarts)
        for start in 0...lastStart {
            let t0: Matrix<Double>
            switch (group, start) {
            case (.orthogonal, 0): t0 = try OrthogonalGroup.polarFactor(meanCross)
            case (.orthogonal, 1): t0 = try OrthogonalGroup.polarFactor(momentCross(x, y))
            case (.orthogonal, _): t0 = try OrthogonalGroup.random(n, using: &rng)
            case (_, 0): t0 = OrthogonalGroup.bestPermutation(meanCross)
            case (_, 1): t0 = OrthogonalGroup.bestPermutation(momentCross(x, y))
            default: t0 = OrthogonalGroup.randomPermutation(n, using: &rng)
            }
            let r: OrthogonalMaximizer.Result
            if group == .permutation {
                r = try maximizer.maximizeOverPermutations(from: t0, evaluate: evaluate)
            } else if optimizer == .trustRegion {
                let h = objective(x, y)
                r = try maximizer.maximizeByTrustRegion(from: t0, .init(
                    evaluate: { try h.evaluate($0) }, value: \.value, gradient: \.gradient, t: \.t,
                    gradientDerivative: { h.gradientDerivative(at: $0, along: $1) }))
            } else if optimizer == .alternation {
                r = try maximizer.alternate(from: t0, steps: options.maxIterations, evaluate: evaluate)
            } else {
                r = try maximizer.maximize(from: t0, evaluate: evaluate)
            }
            evaluations += r.evaluations
            if best == nil || r.value > best!.r.value { best = (r, start) }
        }
        let b = best!
        let d2 = squaredDistance(x, y, b.r.t)
        let result = ShapeDistance(distance: d2.squareRoot(), objective: d2, iterations: b.r.iterations, evaluations: evaluations,
                                   winningStart: b.start, starts: lastStart + 1, converged: b.r.converged)
        return (result, b.r.t)
    }

    public func compare(_ x: Prepared, _ y: Prepared, stream: Int = 0) throws -> ShapeDistance {
        try fit(x, y, stream: stream).result
    }
}
