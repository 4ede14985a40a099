/// The checks of `stages.rsa` methods that read the `glm` stage's runs and residuals
/// (mahalanobis, crossnobis): beta maps from another tool have neither.
extension ConfigValidator {
    mutating func checkRunwiseRSA(stages: ConfigNode, inputs: ConfigNode) {
        guard let rsa = stages["rsa"] else { return }
        let method = rsa["method"]?.scalar ?? ""
        let runwise = method == "mahalanobis" || method == "crossnobis"
        if runwise && stages["glm"] == nil {
            let why = method == "crossnobis" ? "cross-validates over runs and whitens by the residuals' noise" : "whitens by the residuals' noise"
            let source = inputs["betas"] != nil ? "beta maps from 'inputs.betas' have no runs or residuals" : "no stage makes them"
            fail(rsa["method"]?.position, "'stages.rsa.method' \(method) \(why) of the 'glm' stage; \(source): configure stage 'glm' (instead of 'inputs.betas') or use euclidean, correlation, cosine or poisson")
        }
        if let n = rsa["noise"], !runwise {
            fail(n.position, "'stages.rsa.noise' applies to the methods mahalanobis and crossnobis, not '\(method.isEmpty ? PipelineConfig.RSA().method.rawValue : method)'")
        }
    }
}
