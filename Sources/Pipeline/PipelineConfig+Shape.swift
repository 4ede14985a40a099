import Foundation
import GLM
import ShapeMetrics

/// The typed `shape` stage: the metric, and the stochastic metrics' settings (the options of
/// `neurorep shape` for `gaussian` and `energy`, and how unequal widths are matched).
extension PipelineConfig {
    public struct StochasticShape: Sendable, Equatable {
        /// How ROIs (voxels) and layers (units) of different widths are compared.
        public enum Widths: String, Sendable, CaseIterable { case zeroPad = "zero_pad", pca }
        public var group = AlignmentGroup.orthogonal
        /// Starts after the first; nil: the metric's default (gaussian 1, energy 0).
        public var restarts: Int?
        public var seed = 0
        /// nil: the metric's default (gaussian 1000, energy 100).
        public var maxIterations: Int?
        /// nil: the metric's default (gaussian 1e-5, energy 1e-9).
        public var tolerance: Double?
        public var gaussianOptimizer = GaussianMetric.Optimizer.trustRegion
        public var energyOptimizer = EnergyMetric.Optimizer.riemannianLBFGS
        /// Added to every covariance (gaussian; netrep's `pairwise_distances` uses 1e-6).
        public var ridge = 0.0
        public var widths = Widths.zeroPad
        public var pcaComponents: Int?
        /// Centre and scale every ROI and layer by its condition means first (netrep: no).
        public var normalize = false

        public var widthMatching: WidthMatching {
            if widths == .pca, let k = pcaComponents { return .pca(components: k) }
            return .zeroPad
        }
    }

    /// The library settings of the stage's metric.
    public var shapeSettings: ShapeSettings {
        let s = shape ?? Shape()
        let st = s.stochastic
        return ShapeSettings(alpha: s.alpha, score: s.score, group: st.group, restarts: st.restarts, seed: UInt64(st.seed),
                             maxIterations: st.maxIterations, tolerance: st.tolerance, covarianceRidge: st.ridge,
                             gaussianOptimizer: st.gaussianOptimizer, energyOptimizer: st.energyOptimizer)
    }

    /// `stages.shape`, with the checks that involve several keys (each error at its key's line).
    static func parseShape(_ n: ConfigNode, file: String) throws -> Shape {
        func fail(_ node: ConfigNode?, _ m: String) -> ConfigError { ConfigError(file: file, position: (node ?? n).position, message: m) }
        func word<T: ConfigChoice>(_ key: String, _ fallback: T) throws -> T {
            guard let node = n[key], let w = node.scalar else { return fallback }
            guard let v = T.parse(w) else { throw fail(node, "'stages.shape.\(key)' = '\(w)' is not one of \(T.choices.names.joined(separator: ", "))") }
            return v
        }
        var x = Shape()
        x.metric = try word("metric", x.metric)
        x.score = try word("score", x.score)
        if let a = n["alpha"]?.scalar.flatMap(Double.init) {
            if x.metric == .linear && a > 1 {
                throw fail(n["alpha"], "'stages.shape.alpha' = \(a): the linear metric's alpha is in [0, 1] (0 CCA, 1 Procrustes); alpha up to 2 is the gaussian metric's")
            }
            x.alpha = a
        }
        let stochasticKeys = ["group", "restarts", "seed", "max_iterations", "tolerance", "optimizer", "ridge", "widths", "pca_components", "normalize"]
        if !x.metric.isStochastic, let k = stochasticKeys.first(where: { n[$0] != nil }) {
            throw fail(n[k], "'stages.shape.\(k)' applies to the stochastic metrics (gaussian, energy), not to '\(x.metric.rawValue)'")
        }
        var st = StochasticShape()
        st.group = try word("group", st.group)
        st.restarts = n["restarts"]?.scalar.flatMap { Int($0) }
        st.seed = n["seed"]?.scalar.flatMap { Int($0) } ?? st.seed
        st.maxIterations = n["max_iterations"]?.scalar.flatMap { Int($0) }
        st.tolerance = n["tolerance"]?.scalar.flatMap(Double.init)
        st.ridge = n["ridge"]?.scalar.flatMap(Double.init) ?? st.ridge
        st.normalize = n["normalize"]?.scalar.map { ["true", "True", "yes"].contains($0) } ?? st.normalize
        if let o = n["optimizer"], let w = o.scalar {
            switch x.metric {
            case .gaussian:
                guard let v = GaussianMetric.Optimizer(rawValue: w) else { throw fail(o, "'stages.shape.optimizer' = '\(w)': the gaussian metric's optimizers are newton, lbfgs, alternation") }
                st.gaussianOptimizer = v
            default:
                guard let v = EnergyMetric.Optimizer(rawValue: w) else { throw fail(o, "'stages.shape.optimizer' = '\(w)': the energy metric's optimizers are lbfgs, irls") }
                st.energyOptimizer = v
            }
        }
        if x.metric == .energy, let r = n["ridge"] { throw fail(r, "'stages.shape.ridge' applies to the gaussian metric only (the energy metric has no covariances)") }
        if x.metric == .energy, let a = n["alpha"] { throw fail(a, "'stages.shape.alpha' does not apply to the energy metric") }
        st.widths = try word("widths", st.widths)
        st.pcaComponents = n["pca_components"]?.scalar.flatMap { Int($0) }
        if st.widths == .pca && st.pcaComponents == nil {
            throw fail(n["widths"], "'stages.shape.widths' = pca needs 'pca_components' (the common number of principal components)")
        }
        if st.widths != .pca, let k = n["pca_components"] {
            throw fail(k, "'stages.shape.pca_components' needs 'widths: pca' (with zero_pad the widths are matched by padding)")
        }
        x.stochastic = st
        return x
    }
}
