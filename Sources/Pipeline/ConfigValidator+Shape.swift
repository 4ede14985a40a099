import ShapeMetrics

extension ConfigValidator {
    /// The stochastic shape metrics compare trial-to-trial distributions: the ROIs' samples are
    /// the single-trial patterns of `stages.glm.beta_series` (condition beta maps, from the GLM
    /// or from `inputs.betas`, have one pattern per condition and run).
    mutating func checkStochasticShape(_ stages: ConfigNode, inputs: ConfigNode) {
        guard let shape = stages["shape"], let m = shape["metric"], let word = m.scalar,
              let kind = ShapeMetricKind.parse(word), kind.isStochastic else { return }
        guard stages["glm"]?["beta_series"] == nil else { return }
        let external = inputs["betas"] != nil ? " ('inputs.betas' are condition maps, one pattern per condition: no trial samples)" : ""
        fail(m.position, "stage 'shape' with metric '\(word)' needs every ROI's single-trial patterns: configure stage 'glm' with 'beta_series: lss' (or lsa)\(external)")
    }
}
