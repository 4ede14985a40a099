import ShapeMetrics

/// The keys of the `shape` stage: the metric, and for the stochastic metrics (`gaussian`,
/// `energy`: ROIs' single-trial patterns from `stages.glm.beta_series` against layers with or
/// without a samples axis) the options of `neurorep shape` and how unequal widths are matched.
extension ConfigSchema {
    static let shape: [ConfigKey] = [
        ConfigKey("metric", .choice(ShapeMetricKind.choices), default: PipelineConfig.Shape().metric.rawValue,
                  "Shape metric (netrep definitions). `linear`, `permutation`, `cka` compare condition patterns; `gaussian` and `energy` compare each condition's trial-to-trial distribution (ROI samples: the single-trial patterns of `stages.glm.beta_series`; layer samples: a `conditions x samples x units` array, e.g. dropout passes; a `conditions x units` layer is deterministic). `gaussian` takes conditions with different numbers of trials (each condition's mean and covariance from its own trials, at least 2); `energy` needs the same number in every condition."),
        ConfigKey("alpha", .number(0...2), default: show(PipelineConfig.Shape().alpha), "linear: partial whitening (0 = CCA, 1 = Procrustes; at most 1); gaussian: 0 = covariances only, 1 = 2-Wasserstein, 2 = means only."),
        ConfigKey("score", .choice(ScoreMethod.choices), default: PipelineConfig.Shape().score.rawValue, "Angular or Euclidean form (linear, permutation)."),
        ConfigKey("group", .choice(AlignmentGroup.choices), default: PipelineConfig.StochasticShape().group.rawValue, "gaussian/energy: alignment group (netrep's `group`)."),
        ConfigKey("restarts", .integer(0...1000), default: "gaussian 1 (the moment start), energy 0", "gaussian/energy: starts after the first (seeded random rotations beyond the built-in ones)."),
        ConfigKey("seed", .integer(0...Int(Int32.max)), default: show(PipelineConfig.StochasticShape().seed), "gaussian/energy: seed of the random starts."),
        ConfigKey("max_iterations", .integer(1...1_000_000), default: "gaussian 1000, energy 100", "gaussian/energy: iteration cap."),
        ConfigKey("tolerance", .number(0...1), default: "gaussian 1e-5, energy 1e-9", "gaussian/energy: relative stopping tolerance."),
        ConfigKey("optimizer", .choice(["newton", "lbfgs", "alternation", "irls"]), default: "gaussian newton, energy lbfgs",
                  "gaussian: newton | lbfgs | alternation (netrep's algorithm); energy: lbfgs (IRLS then L-BFGS) | irls (netrep's algorithm)."),
        ConfigKey("ridge", .number(0...1e6), default: show(PipelineConfig.StochasticShape().ridge), "gaussian: added to every covariance's diagonal after padding (netrep's `pairwise_distances` uses 1e-6)."),
        ConfigKey("widths", .choice(PipelineConfig.StochasticShape.Widths.choices), default: PipelineConfig.StochasticShape().widths.rawValue,
                  "gaussian/energy: ROIs and layers of different widths: `zero_pad` appends zero units to the narrower of each pair (netrep's linear-metric rule); `pca` reduces every ROI and layer to its first `pca_components` principal components (scikit-learn PCA of the stacked samples; removes each one's grand mean)."),
        ConfigKey("normalize", .boolean, default: ConfigSchema.show(PipelineConfig.StochasticShape().normalize),
                  "gaussian/energy: translate and scale every ROI and layer so its condition means are centred with mean squared norm 1 (samples move with their means) before comparing: distances up to translation and isotropic scale. netrep compares raw values (false), where the side with the larger magnitude dominates."),
        ConfigKey("pca_components", .integer(1...100_000), "With `widths: pca`: the common number of components (at most every ROI's and layer's rows and units)."),
    ]
}
