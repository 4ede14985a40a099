import LinearAlgebra

/// A stochastic representation whose conditions may have different numbers of samples: the
/// brain side of the stochastic metrics, where each condition's samples are its single-trial
/// patterns and real task data rarely has the same number of usable trials in every condition
/// (missed or excluded trials, a dropped run).
///
/// Rows are the samples, condition by condition (`counts[0]` rows of condition 0, then
/// `counts[1]` of condition 1, ...), `units` values each, row-major. The rows are held once; the
/// operations below work on them in place of a `conditions x samples x units` array.
///
/// The Gaussian metric only needs each condition's mean and covariance (netrep's
/// `GaussianStochasticMetric` takes `(means, covariances)`), so each condition's moments come
/// from its own samples (`gaussianMoments`). The energy metric compares sample sets of equal
/// shape (netrep's `EnergyStochasticMetric.fit` asserts `X.shape == Y.shape`), so it needs
/// `uniform`.
public struct ConditionSamples: Sendable {
    public let label: String
    /// Samples per condition, in condition order.
    public let counts: [Int]
    public let units: Int
    /// Row-major `sum(counts) x units`, conditions in order.
    public let values: [Double]

    public init(label: String, counts: [Int], units: Int, values: [Double]) throws {
        guard !counts.isEmpty, units > 0 else {
            throw ShapeMetricsError("\(label): empty representation (\(counts.count) conditions, \(units) units)")
        }
        if let i = counts.firstIndex(where: { $0 < 1 }) {
            throw ShapeMetricsError("\(label): condition \(i) has \(counts[i]) samples")
        }
        var rows = 0, overflow = false
        for c in counts { (rows, overflow) = rows.addingReportingOverflow(c); if overflow { break } }
        let (size, o2) = rows.multipliedReportingOverflow(by: units)
        guard !overflow, !o2, values.count == size else {
            throw ShapeMetricsError("\(label): \(values.count) values do not fill \(counts.count) conditions with \(counts.map(String.init).joined(separator: ", ")) samples x \(units) units")
        }
        if let k = values.firstIndex(where: { !$0.isFinite }) {
            throw ShapeMetricsError("\(label): non-finite value \(values[k]) at flat index \(k)")
        }
        self.label = label
        self.counts = counts
        self.units = units
        self.values = values
    }

    /// The samples of a representation with a samples axis (every condition the same count).
    public init(_ r: ShapeRepresentation) throws {
        guard let s = r.samples else {
            throw ShapeMetricsError("\(r.label): needs samples (conditions x samples x units), got a conditions x units matrix")
        }
        self.init(unchecked: r.label, counts: Array(repeating: s, count: r.conditions), units: r.units, values: r.values)
    }

    init(unchecked label: String, counts: [Int], units: Int, values: [Double]) {
        self.label = label
        self.counts = counts
        self.units = units
        self.values = values
    }

    public var conditions: Int { counts.count }
    var rows: Int { counts.reduce(0, +) }

    /// The same samples as a `conditions x samples x units` representation when every condition
    /// has the same count, else nil.
    public var uniform: ShapeRepresentation? {
        guard let s = counts.first, counts.allSatisfy({ $0 == s }) else { return nil }
        return ShapeRepresentation(unchecked: label, conditions: conditions, samples: s, units: units, values: values)
    }

    /// The rows as a deterministic representation (one row per sample): the width matchings that
    /// act on the stacked rows alone (span coordinates, PCA) need no grouping.
    var stacked: ShapeRepresentation {
        ShapeRepresentation(unchecked: label, conditions: rows, samples: nil, units: units, values: values)
    }

    func replacing(_ r: ShapeRepresentation) -> ConditionSamples {
        ConditionSamples(unchecked: label, counts: counts, units: r.units, values: r.values)
    }

    /// First row of each condition.
    var offsets: [Int] {
        var o: [Int] = [], n = 0
        for c in counts { o.append(n); n += c }
        return o
    }

    /// `conditions x units`: each condition's sample mean (summed in sample order, then
    /// divided, as `ShapeRepresentation.conditionMatrix`).
    public var conditionMatrix: Matrix<Double> {
        var m = Matrix<Double>(rows: conditions, columns: units)
        for (i, (o, s)) in zip(offsets, counts).enumerated() {
            for a in o..<(o + s) { for j in 0..<units { m[i, j] += values[a * units + j] } }
            for j in 0..<units { m[i, j] /= Double(s) }
        }
        return m
    }

    /// Condition i's `counts[i] x units` samples.
    func sampleMatrix(_ i: Int) -> Matrix<Double> {
        let o = offsets[i]
        return Matrix(rows: counts[i], columns: units, elements: Array(values[(o * units)..<((o + counts[i]) * units)]))
    }

    /// The rows in an orthonormal basis of their span (`ShapeRepresentation.spanCoordinates` of
    /// the stacked rows).
    public func spanCoordinates() throws -> ConditionSamples { replacing(try stacked.spanCoordinates()) }

    /// The first k principal components of the stacked rows (`WidthMatching.pca`).
    public func principalComponents(_ k: Int) throws -> ConditionSamples { replacing(try stacked.principalComponents(k)) }

    /// Translated and scaled as `ShapeRepresentation.normalizedByConditionMeans`: the condition
    /// means centred, with mean squared norm 1.
    public func normalizedByConditionMeans() throws -> ConditionSamples {
        let v = try ShapeRepresentation.normalizedByConditionMeans(values, means: conditionMatrix, label: label)
        return ConditionSamples(unchecked: label, counts: counts, units: units, values: v)
    }

    /// The Gaussian metric's moments, each condition from its own samples: the sample mean and
    /// the sample covariance with the metric's ddof (1, `np.cov`'s default: `1/(n_i - 1)` for a
    /// condition of n_i samples), as `GaussianMetric.prepare` computes them for equal counts.
    /// Refused when a condition has no more samples than the ddof.
    public func gaussianMoments(_ metric: GaussianMetric) throws -> GaussianMetric.Prepared {
        let ddof = metric.covarianceDDOF
        let few = counts.enumerated().filter { $0.element <= ddof }
        guard few.isEmpty else {
            throw ShapeMetricsError("\(label): the Gaussian metric needs at least \(ddof + 1) samples per condition for a covariance (ddof \(ddof)); "
                + few.map { "condition \($0.offset) has \($0.element)" }.joined(separator: ", "))
        }
        let means = conditionMatrix
        var covs: [Matrix<Double>] = []
        for i in 0..<conditions {
            let xc = sampleMatrix(i).subtractingRow(means.row(i))
            covs.append(xc.gram(scale: 1 / Double(counts[i] - ddof)))
        }
        return try metric.prepare(label: label, means: means, covariances: covs)
    }
}
