import ArrayFiles
import LinearAlgebra

/// How two representations of different widths (an ROI's voxels, a layer's units) are made
/// comparable by the stochastic metrics, whose alignment T is square.
///
/// - `zeroPad`: netrep's rule for its linear metric (`check_equal_shapes(zero_pad=True)`): the
///   narrower of each pair gets zero units appended up to the wider one's width. Zero units
///   have zero mean and zero variance, so the padded Gaussian and energy distances compare the
///   narrower representation embedded in the wider space; their optimum over O(n) does not
///   depend on how far one pads beyond the wider width (both objectives reach their optimum at
///   an extreme point of the contraction ball, which every padding reaches).
/// - `pca(k)`: every representation reduced first to its own first k principal components
///   (`LayerActivation.principalComponents`: scikit-learn's `PCA(k).fit_transform` of the
///   stacked rows, conditions x samples for stochastic ones, conditions for deterministic
///   ones). This removes each representation's grand mean (the Gaussian metric's mean term then
///   compares condition means about that grand mean) and keeps only the top k directions of its
///   variance; k must not exceed any representation's rows or units.
public enum WidthMatching: Sendable, Equatable {
    case zeroPad
    case pca(components: Int)
}

extension ShapeRepresentation {
    /// The representation with `width - units` zero units appended to every row.
    public func zeroPadded(to width: Int) -> ShapeRepresentation {
        guard width > units else { return self }
        let rows = conditions * (samples ?? 1)
        var v = [Double](repeating: 0, count: rows * width)
        for r in 0..<rows { for j in 0..<units { v[r * width + j] = values[r * units + j] } }
        // values are finite and the shape is consistent, so the checked initialiser cannot fail
        return ShapeRepresentation(unchecked: label, conditions: conditions, samples: samples, units: width, values: v)
    }

    /// The first k principal components of the stacked rows (see `WidthMatching.pca`).
    public func principalComponents(_ k: Int) throws -> ShapeRepresentation {
        let layer = LayerActivation(name: label, source: label, storedShape: samples.map { [conditions, $0, units] } ?? [conditions, units],
                                    conditions: conditions, samples: samples, units: units, values: values)
        let reduced = try layer.principalComponents(k)
        return try ShapeRepresentation(reduced, label: label)
    }

    /// The rows in an orthonormal basis of their span: `U S` of the thin SVD of the stacked
    /// `rows x units` values (an isometry onto the span; unchanged when units <= rows). Every
    /// distance, mean, covariance trace and Bures term is preserved up to the rotation.
    public func spanCoordinates() throws -> ShapeRepresentation {
        let rows = conditions * (samples ?? 1)
        guard units > rows else { return self }
        let s = try Matrix<Double>(rows: rows, columns: units, elements: values).svd()
        var v = [Double](repeating: 0, count: rows * rows)
        for i in 0..<rows { for c in 0..<rows { v[i * rows + c] = s.u[i, c] * s.singularValues[c] } }
        return ShapeRepresentation(unchecked: label, conditions: conditions, samples: samples, units: rows, values: v)
    }

    /// Translated so its condition means average to zero and scaled so they have mean squared
    /// norm 1 (every sample moves and scales with its condition's mean): the stochastic metrics
    /// then compare shapes up to translation and isotropic scale, as the linear metric's angular
    /// score does, instead of being dominated by the sides' magnitudes (netrep compares raw
    /// values). Refused when the condition means are all equal (nothing to scale by).
    public func normalizedByConditionMeans() throws -> ShapeRepresentation {
        let v = try Self.normalizedByConditionMeans(values, means: conditionMatrix, label: label)
        return ShapeRepresentation(unchecked: label, conditions: conditions, samples: samples, units: units, values: v)
    }

    /// Rows of `values` (row-major, `means.columns` units each) translated by the grand mean of
    /// the condition `means` and scaled by the inverse root of their mean squared norm: the one
    /// computation behind both representations' `normalizedByConditionMeans`.
    static func normalizedByConditionMeans(_ values: [Double], means: Matrix<Double>, label: String) throws -> [Double] {
        let conditions = means.rows, units = means.columns
        var grand = [Double](repeating: 0, count: units)
        for i in 0..<conditions { for j in 0..<units { grand[j] += means[i, j] / Double(conditions) } }
        var ms = 0.0
        for i in 0..<conditions { for j in 0..<units { let d = means[i, j] - grand[j]; ms += d * d } }
        ms /= Double(conditions)
        guard ms > 0, ms.isFinite else {
            throw ShapeMetricsError("\(label): its condition means are all equal, so it cannot be scaled to unit condition-mean norm")
        }
        let scale = 1 / ms.squareRoot()
        var v = values
        for r in 0..<(values.count / units) { for j in 0..<units { v[r * units + j] = (v[r * units + j] - grand[j]) * scale } }
        return v
    }

    init(unchecked label: String, conditions: Int, samples: Int?, units: Int, values: [Double]) {
        self.label = label
        self.conditions = conditions
        self.samples = samples
        self.units = units
        self.values = values
    }
}
