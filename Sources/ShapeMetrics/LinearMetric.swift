import LinearAlgebra

/// netrep's `LinearMetric` (Williams et al., NeurIPS 2021, eq. 7): distance between two
/// representations after column centring, partial whitening and the best rotation.
///
/// Partial whitening (netrep `utils.whiten`, `preserve_variance=True`): with
/// `Xc' Xc = V diag(lam) V'` (eigenvalues clipped below at 1e-7),
/// `Z = c V diag(alpha + (1 - alpha) lam^-1/2) V'`, where c rescales so that the total variance
/// `tr(Xc' Xc)` is preserved. alpha = 0 is CCA (full whitening), alpha = 1 is Procrustes
/// (netrep skips whitening when alpha > 1 - 1e-7). Representations of different widths are
/// zero-padded to the wider one; the padded zero eigenvalues (clipped to 1e-7) enter c, as
/// in netrep. The rotation is orthogonal Procrustes: `U S V' = svd(Xw' Yw)`, aligned X = `Xw U`,
/// aligned Y = `Yw V`.
///
/// `prepare` does the centring, eigendecomposition and whitening once per representation and
/// keeps the whitened data in reduced coordinates (`ReducedCoordinates`: conditions x rank,
/// `A A' = Xw Xw'`; the metric depends only on Gram matrices and the singular values of
/// `Xw' Yw`, which these coordinates preserve), so each pair costs one product and the
/// nuclear norm of a matrix of that size (`ProductNuclearNorm`):
/// `angular = arccos(||A'B||_* / (||A|| ||B||))`, `euclidean = sqrt(||A||^2 + ||B||^2 - 2 ||A'B||_*)`
/// (netrep computes the same from the aligned matrices).
public struct LinearMetric: ShapeMetric {
    public var alpha: Double
    public var score: ScoreMethod
    public var centerColumns: Bool
    public var zeroPad: Bool
    /// netrep's `eigval_tol`.
    public static let eigenvalueFloor = 1e-7

    public init(alpha: Double = 1, score: ScoreMethod = .angular, centerColumns: Bool = true, zeroPad: Bool = true) throws {
        guard (0...1).contains(alpha) else { throw ShapeMetricsError("linear metric: alpha must be in [0, 1] (0 = CCA, 1 = Procrustes), got \(alpha)") }
        self.alpha = alpha
        self.score = score
        self.centerColumns = centerColumns
        self.zeroPad = zeroPad
    }

    /// The per-representation part of the fit.
    public struct Prepared: Sendable {
        public let label: String
        public let conditions: Int
        /// Native width (before any padding).
        public let units: Int
        /// Column means used for centring (zeros without centring).
        public let mean: [Double]
        /// `V diag(d) V'` before the variance-preserving factor (identity when not whitening).
        let whitening: Matrix<Double>?
        /// Whitened data (before the factor) in reduced coordinates, `conditions x rank`.
        let reduced: Matrix<Double>
        /// `||reduced||^2`.
        let squaredNorm: Double
        /// sum of the clipped eigenvalues, and sum of the whitened variances before rescaling.
        let lambdaSum: Double
        let whitenedVariance: Double
    }

    var skipsWhitening: Bool { alpha > 1 - LinearMetric.eigenvalueFloor }

    public func prepare(_ r: ShapeRepresentation) throws -> Prepared {
        let x = r.conditionMatrix
        let mean = centerColumns ? x.columnMeans : [Double](repeating: 0, count: r.units)
        let xc = centerColumns ? x.subtractingRow(mean) : x
        try score.checkDefined(centered: xc, data: x, label: r.label)
        var white: Matrix<Double>? = nil
        var xw = xc
        var lamSum = 0.0, newVar = 0.0
        if !skipsWhitening {
            let e = try xc.gram().symmetricEigen()
            let lam = e.values.map { Swift.max($0, LinearMetric.eigenvalueFloor) }
            let d = lam.map { alpha + (1 - alpha) / $0.squareRoot() }
            lamSum = lam.reduce(0, +)
            newVar = lam.reduce(0) { $0 + variance(of: $1) }
            var vd = e.vectors
            for i in 0..<r.units { for j in 0..<r.units { vd[i, j] *= d[j] } }
            let z = vd.multiplied(by: e.vectors, transposeOther: true)
            white = z
            xw = xc * z
        }
        let a = try xw.reducedCoordinates()
        return Prepared(label: r.label, conditions: r.conditions, units: r.units, mean: mean, whitening: white,
                        reduced: a, squaredNorm: a.squaredNorm, lambdaSum: lamSum, whitenedVariance: newVar)
    }

    /// Variance contributed by one eigenvalue after partial whitening (netrep's `new_var` term).
    func variance(of lam: Double) -> Double {
        alpha * alpha * lam + 2 * alpha * (1 - alpha) * lam.squareRoot() + (1 - alpha) * (1 - alpha)
    }

    /// The variance-preserving factor c when the representation is padded to `width` units.
    func rescaling(_ p: Prepared, width: Int) -> Double {
        if skipsWhitening { return 1 }
        let extra = Double(width - p.units)
        let f = LinearMetric.eigenvalueFloor
        return ((p.lambdaSum + extra * f) / (p.whitenedVariance + extra * variance(of: f))).squareRoot()
    }

    func checkPair(_ x: Prepared, _ y: Prepared) throws -> Int {
        guard x.conditions == y.conditions else {
            throw ShapeMetricsError("\(x.label) has \(x.conditions) conditions, \(y.label) has \(y.conditions): representations must share their conditions")
        }
        guard zeroPad || x.units == y.units else {
            throw ShapeMetricsError("\(x.label) has \(x.units) units, \(y.label) has \(y.units) (enable zero padding to compare them)")
        }
        return Swift.max(x.units, y.units)
    }

    /// How `compare` got `||A'B||_*` (see `ProductNuclearNorm`).
    enum NuclearNormRoute { case gramEigenvalues, singularValues }

    /// The Gram-eigenvalue route is kept when its first-order error estimate, carried through
    /// to the distance, is at most this relative to the distance. The estimate's calibration
    /// (see `ProductNuclearNorm`) puts the true error of accepted pairs below 2.4x this,
    /// 6e-11. The 190 pairs of the 20-layer benchmark (200 x 256, condition numbers of A'B
    /// about 3000) estimate 1.3-1.5e-11 and err by at most 1.1e-13 against gesvd.
    static let eigenRouteTolerance = 2.5e-11

    /// Distance; `objective` is the squared Frobenius distance of the aligned matrices.
    public func compare(_ x: Prepared, _ y: Prepared, stream: Int = 0) throws -> ShapeDistance {
        try compareReportingRoute(x, y).result
    }

    func compareReportingRoute(_ x: Prepared, _ y: Prepared) throws -> (result: ShapeDistance, route: NuclearNormRoute) {
        let width = try checkPair(x, y)
        // scaling A by cx and B by cy scales ||A'B||_* by cx cy
        let cx = rescaling(x, width: width), cy = rescaling(y, width: width)
        let na = cx * cx * x.squaredNorm, nb = cy * cy * y.squaredNorm
        let nuclear = ProductNuclearNorm(x.reduced, y.reduced)
        let fast = try nuclear.fromGramEigenvalues()
        let nuc = cx * cy * fast.value
        if relativeDistanceError(nuclear: nuc, error: cx * cy * fast.error, na, nb) <= LinearMetric.eigenRouteTolerance {
            return (score(nuclear: nuc, na, nb), .gramEigenvalues)
        }
        return (score(nuclear: cx * cy * (try nuclear.fromSingularValues()), na, nb), .singularValues)
    }

    /// The distance and objective from `||A'B||_*` and the squared norms of A and B.
    func score(nuclear nuc: Double, _ na: Double, _ nb: Double) -> ShapeDistance {
        let objective = Swift.max(0, na + nb - 2 * nuc)
        let distance: Double
        switch score {
        case .euclidean: distance = objective.squareRoot()
        case .angular: distance = _acos(Swift.min(1, Swift.max(-1, nuc / (na * nb).squareRoot())))
        }
        return ShapeDistance(distance: distance, objective: objective)
    }

    /// First-order relative error of the distance caused by an error `dn` in `||A'B||_*`
    /// (NaN or infinite when the distance is 0 or the estimate is unusable).
    func relativeDistanceError(nuclear nuc: Double, error dn: Double, _ na: Double, _ nb: Double) -> Double {
        switch score {
        case .euclidean:
            // d = sqrt(na + nb - 2 nuc): dd / d = dn / d^2
            let objective = na + nb - 2 * nuc
            return objective > 0 ? dn / objective : .infinity
        case .angular:
            // d = arccos(x), x = nuc / sqrt(na nb): dd = dx / sqrt(1 - x^2)
            let s = (na * nb).squareRoot(), x = nuc / s
            return dn / s / ((1 - x * x).squareRoot() * _acos(Swift.min(1, x)))
        }
    }

    /// Fits the alignment of x and y (netrep `LinearMetric.fit`).
    public func fit(_ xr: ShapeRepresentation, _ yr: ShapeRepresentation) throws -> FittedAlignment {
        let x = try prepare(xr), y = try prepare(yr)
        let width = try checkPair(x, y)
        func transform(_ p: Prepared, _ r: ShapeRepresentation) -> (xw: Matrix<Double>, z: Matrix<Double>) {
            let c = rescaling(p, width: width)
            let z = (p.whitening ?? Matrix<Double>.identity(p.units)).scaled(by: c).zeroPaddedSquare(to: width)
            let xc = r.conditionMatrix.subtractingRow(p.mean).zeroPadded(toColumns: width)
            return (xc * z, z)
        }
        let (xw, zx) = transform(x, xr)
        let (yw, zy) = transform(y, yr)
        let s = try xw.multiplied(by: yw, transposeSelf: true).svd()
        let wx = (zx * s.u).rows(0..<x.units)
        let wy = zy.multiplied(by: s.vt, transposeOther: true).rows(0..<y.units)
        return FittedAlignment(meanX: x.mean, meanY: y.mean, wx: wx, wy: wy, score: score)
    }
}
