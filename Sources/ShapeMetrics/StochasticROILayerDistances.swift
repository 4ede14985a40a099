import Dispatch
import Foundation
import LinearAlgebra

/// The stochastic metrics (`gaussian`, `energy`) between every brain ROI and every network
/// layer, as the pipeline's `shape` stage computes them: ROIs carry samples (single-trial
/// patterns, `conditions x trials x voxels`), layers carry samples when their arrays have a
/// samples axis (`conditions x samples x units`, e.g. dropout passes) or are deterministic
/// (`conditions x units`).
///
/// Semantics, following netrep 0.0.2's input conventions:
/// - **Gaussian** (`GaussianStochasticMetric` takes `(means, covariances)` per representation):
///   each side's means and sample covariances (`np.cov`, ddof 1) are computed from its own
///   samples, so the two sides may have different sample counts. A deterministic layer is one
///   point per condition: its covariances are zero (the metric then compares the ROI's means
///   and its covariances against a point mass: `B(cx, 0)^2 = tr cx`). `settings.covarianceRidge`
///   adds `ridge I` to every covariance of both sides (netrep's `pairwise_distances(eps=1e-6)`).
/// - **Energy** (`EnergyStochasticMetric.fit` asserts `X.shape == Y.shape`): both sides need the
///   same number of samples per condition; a deterministic layer or a different count is
///   refused with an error naming both.
/// - Unequal widths are matched by `WidthMatching` (zero padding of each pair to its wider
///   width, or PCA of every representation to k components).
/// - `normalize` (off by default, as netrep): every representation first translated and scaled
///   so its condition means are centred with mean squared norm 1
///   (`ShapeRepresentation.normalizedByConditionMeans`).
///
/// **Span coordinates** (exact, for speed): with zero padding over the orthogonal group (and no
/// covariance ridge), each
/// representation is first rotated into the coordinates of the span of its rows (`rows x units`
/// -> `rows x min(rows, units)`, `U S` of its thin SVD), and pairs are padded to the wider of
/// those. Both objectives depend on T only through the block `M = Vy T Vx'` between the two
/// spans, which ranges over the contractions; the Gaussian objective is convex and the energy
/// cross term concave in M, so their optima lie on the extreme points (M with all singular
/// values 1), which the smaller padding reaches as well as netrep's. An ROI of 230 voxels with 96
/// trials is then fitted at width 96 (14x fewer flops per SVD). A ridge adds `eps I` on the
/// dropped directions too, so with `covarianceRidge > 0` the full padded width is used.
///
/// Pair (roi i, layer j) gets random stream `i * layers + j` of the settings' seed; pairs run in
/// parallel, results do not depend on scheduling. Each representation is prepared once at its
/// own width and padded as a prepared object (padding commutes with means, covariances, their
/// square roots and the energy within-terms).
public enum StochasticROILayerDistances {
    public struct Pair: Sendable {
        public let roi: String
        public let layer: String
        /// The common width the pair was compared at.
        public let width: Int
        public let result: ShapeDistance
    }

    public struct Result: Sendable {
        public let table: ROILayerDistances
        /// Row-major over ROIs, then layers.
        public let pairs: [Pair]
    }

    public static func compute(_ kind: ShapeMetricKind, _ settings: ShapeSettings, rois: [ShapeRepresentation],
                               layers: [ShapeRepresentation], widths: WidthMatching = .zeroPad, normalize: Bool = false) throws -> Result {
        guard kind.isStochastic else { throw ShapeMetricsError("\(kind.rawValue) is not a stochastic metric (gaussian or energy)") }
        guard !rois.isEmpty, !layers.isEmpty else { throw ShapeMetricsError("need at least one ROI and one layer") }
        for r in rois where r.samples == nil {
            throw ShapeMetricsError("\(r.label): the brain side of a stochastic metric needs samples (conditions x trials x voxels)")
        }
        let k = rois[0].conditions
        for r in rois + layers where r.conditions != k {
            throw ShapeMetricsError("\(r.label) has \(r.conditions) conditions, \(rois[0].label) has \(k): every representation needs the same conditions")
        }
        var x = rois, y = layers
        if normalize {
            x = try x.map { try $0.normalizedByConditionMeans() }
            y = try y.map { try $0.normalizedByConditionMeans() }
        }
        if case .pca(let c) = widths {
            x = try x.map { try $0.principalComponents(c) }
            y = try y.map { try $0.principalComponents(c) }
        }
        // the width netrep pads to (reported), before the exact reduction to span coordinates
        let shown = (x.map(\.units), y.map(\.units))
        if widths == .zeroPad && settings.group == .orthogonal && (kind == .energy || settings.covarianceRidge == 0) {
            x = try x.map { try $0.spanCoordinates() }
            y = try y.map { try $0.spanCoordinates() }
        }
        switch kind {
        case .gaussian:
            let metric = try ShapeComparison.gaussian(settings)
            let ridge = metric.covarianceRidge
            return try run(x, y, shown: shown, prepare: { try gaussianMoments(metric, $0) }, pad: { $0.padded(to: $1, ridge: ridge) }, width: { $0.means.columns },
                           compare: { try metric.compare($0, $1, stream: $2) })
        case .energy:
            for r in x { for l in y where l.samples != r.samples {
                throw ShapeMetricsError("the energy metric needs the same number of samples per condition on both sides (netrep's EnergyStochasticMetric asserts X.shape == Y.shape): \(r.label) has \(r.samples ?? 1), \(l.label) has \(l.samples.map(String.init) ?? "no samples axis (deterministic)")")
            } }
            let metric = try ShapeComparison.energy(settings)
            return try run(x, y, shown: shown, prepare: { try metric.prepare($0) }, pad: { $0.padded(to: $1) }, width: { $0.units },
                           compare: { try metric.compare($0, $1, stream: $2) })
        default:
            throw ShapeMetricsError("\(kind.rawValue) is not a stochastic metric")
        }
    }

    /// ROIs whose conditions may have different numbers of samples (`ConditionSamples`). When
    /// every ROI has the same count in every condition this is `compute` on the
    /// `conditions x samples x units` arrays (the same numbers, bit for bit). Otherwise the
    /// Gaussian metric takes each ROI condition's mean and covariance (ddof 1) from that
    /// condition's own samples (netrep's `GaussianStochasticMetric` takes `(means, covariances)`),
    /// after the same normalisation and width matching; the energy metric, which compares sample
    /// sets of equal shape, is refused naming the ROI, its conditions and their counts.
    public static func compute(_ kind: ShapeMetricKind, _ settings: ShapeSettings, rois: [ConditionSamples],
                               layers: [ShapeRepresentation], widths: WidthMatching = .zeroPad, normalize: Bool = false) throws -> Result {
        let uniform = rois.compactMap(\.uniform)
        if uniform.count == rois.count {
            return try compute(kind, settings, rois: uniform, layers: layers, widths: widths, normalize: normalize)
        }
        guard kind.isStochastic else { throw ShapeMetricsError("\(kind.rawValue) is not a stochastic metric (gaussian or energy)") }
        guard !rois.isEmpty, !layers.isEmpty else { throw ShapeMetricsError("need at least one ROI and one layer") }
        let k = rois[0].conditions
        for r in layers where r.conditions != k {
            throw ShapeMetricsError("\(r.label) has \(r.conditions) conditions, \(rois[0].label) has \(k): every representation needs the same conditions")
        }
        for r in rois where r.conditions != k {
            throw ShapeMetricsError("\(r.label) has \(r.conditions) conditions, \(rois[0].label) has \(k): every representation needs the same conditions")
        }
        guard kind == .gaussian else {
            let r = rois.first { $0.uniform == nil }!
            throw ShapeMetricsError("the energy metric needs the same number of samples in every condition (netrep's EnergyStochasticMetric asserts X.shape == Y.shape): \(r.label) has "
                + r.counts.enumerated().map { "\($0.element) in condition \($0.offset)" }.joined(separator: ", ") + "; the gaussian metric takes each condition's samples as they are")
        }
        var x = rois, y = layers
        if normalize {
            x = try x.map { try $0.normalizedByConditionMeans() }
            y = try y.map { try $0.normalizedByConditionMeans() }
        }
        if case .pca(let c) = widths {
            x = try x.map { try $0.principalComponents(c) }
            y = try y.map { try $0.principalComponents(c) }
        }
        let shown = (x.map(\.units), y.map(\.units))
        if widths == .zeroPad && settings.group == .orthogonal && settings.covarianceRidge == 0 {
            x = try x.map { try $0.spanCoordinates() }
            y = try y.map { try $0.spanCoordinates() }
        }
        let metric = try ShapeComparison.gaussian(settings)
        let ridge = metric.covarianceRidge
        let (xs, ys) = (x, y)
        return try run(labels: (xs.map(\.label), ys.map(\.label)), shown: shown,
                       prepare: { $0 < xs.count ? try xs[$0].gaussianMoments(metric) : try gaussianMoments(metric, ys[$0 - xs.count]) },
                       pad: { $0.padded(to: $1, ridge: ridge) }, width: { $0.means.columns }, compare: { try metric.compare($0, $1, stream: $2) })
    }

    /// Gaussian moments of a representation; a deterministic one has zero covariances.
    static func gaussianMoments(_ metric: GaussianMetric, _ r: ShapeRepresentation) throws -> GaussianMetric.Prepared {
        if r.samples != nil { return try metric.prepare(r) }
        return try metric.prepareDeterministic(label: r.label, means: r.conditionMatrix)
    }

    static func run<P: Sendable>(_ x: [ShapeRepresentation], _ y: [ShapeRepresentation], shown: ([Int], [Int]), prepare: @escaping @Sendable (ShapeRepresentation) throws -> P,
                                 pad: @escaping @Sendable (P, Int) -> P, width: @escaping @Sendable (P) -> Int,
                                 compare: @escaping @Sendable (P, P, Int) throws -> ShapeDistance) throws -> Result {
        let all = x + y
        return try run(labels: (x.map(\.label), y.map(\.label)), shown: shown, prepare: { try prepare(all[$0]) }, pad: pad, width: width, compare: compare)
    }

    /// Every pair of `labels.0` (prepared by `prepare(i)`) and `labels.1` (`prepare(nx + j)`).
    static func run<P: Sendable>(labels: ([String], [String]), shown: ([Int], [Int]), prepare: @escaping @Sendable (Int) throws -> P,
                                 pad: @escaping @Sendable (P, Int) -> P, width: @escaping @Sendable (P) -> Int,
                                 compare: @escaping @Sendable (P, P, Int) throws -> ShapeDistance) throws -> Result {
        let (x, y) = labels
        let count = x.count + y.count
        var prepared = [P?](repeating: nil, count: count)
        var prepErrors = [Error?](repeating: nil, count: count)
        prepared.withUnsafeMutableBufferPointer { out in
            prepErrors.withUnsafeMutableBufferPointer { errs in
                BLASThreads.concurrentPerform(iterations: count) { i in
                    do { out[i] = try prepare(i) } catch { errs[i] = error }
                }
            }
        }
        if let e = prepErrors.compactMap({ $0 }).first { throw e }
        let ready = prepared.map { $0! }
        let nx = x.count, ny = y.count
        var results = [Pair?](repeating: nil, count: nx * ny)
        var errors = [Error?](repeating: nil, count: nx * ny)
        results.withUnsafeMutableBufferPointer { out in
            errors.withUnsafeMutableBufferPointer { errs in
                BLASThreads.concurrentPerform(iterations: nx * ny) { p in
                    let i = p / ny, j = p % ny
                    let a = ready[i], b = ready[nx + j]
                    let w = Swift.max(width(a), width(b))
                    do {
                        let r = try compare(pad(a, w), pad(b, w), p)
                        out[p] = Pair(roi: x[i], layer: y[j], width: Swift.max(shown.0[i], shown.1[j]), result: r)
                    } catch { errs[p] = ShapeMetricsError("pair (\(x[i]), \(y[j])): \(error)") }
                }
            }
        }
        if let e = errors.compactMap({ $0 }).first { throw e }
        let pairs = results.map { $0! }
        let table = ROILayerDistances(rois: x, layers: y,
                                      distances: Matrix(rows: nx, columns: ny) { pairs[$0 * ny + $1].result.distance })
        return Result(table: table, pairs: pairs)
    }
}

extension GaussianMetric.Prepared {
    /// The moments of the representation with zero units appended: zero means, and covariances
    /// padded with zeros before the ridge is added, as netrep's `pairwise_distances(eps)` adds
    /// `eps I` to the (padded) covariances it is given: the new diagonal of the square roots is
    /// `sqrt(ridge)`, each trace grows by `ridge` per new unit. Covariance factors get zero
    /// units (columns of F'); with a ridge the padded covariances are full rank and they are dropped.
    func padded(to width: Int, ridge: Double) -> GaussianMetric.Prepared {
        let n = means.columns
        guard width > n else { return self }
        let root = ridge.squareRoot()
        func grow(_ m: Matrix<Double>, rows: Int, diagonal: Double) -> Matrix<Double> {
            Matrix(rows: rows, columns: width) { i, j in i < m.rows && j < n ? m[i, j] : (i == j ? diagonal : 0) }
        }
        return GaussianMetric.Prepared(label: label, means: grow(means, rows: means.rows, diagonal: 0),
                                       traces: traces.map { $0 + ridge * Double(width - n) },
                                       sqrtCovariances: sqrtCovariances.map { grow($0, rows: width, diagonal: root) },
                                       covarianceFactors: ridge > 0 ? nil : covarianceFactors.map { fs in fs.map { f in grow(f, rows: f.rows, diagonal: 0) } },
                                       clippedEigenvalues: clippedEigenvalues)
    }
}

extension EnergyMetric.Prepared {
    /// The samples with zero units appended (norms and within-set distances unchanged).
    func padded(to width: Int) -> EnergyMetric.Prepared {
        guard width > units else { return self }
        let rows = conditions * samples
        var v = [Double](repeating: 0, count: rows * width)
        for r in 0..<rows { for j in 0..<units { v[r * width + j] = values[r * units + j] } }
        return EnergyMetric.Prepared(label: label, conditions: conditions, samples: samples, units: width, values: v,
                                     rowSquaredNorms: rowSquaredNorms, withinMean: withinMean)
    }
}
