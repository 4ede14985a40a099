import FMRIWorkflow
import GLM

/// One subject's single-trial patterns, written by its `glm` unit when `stages.glm.beta_series`
/// is set: per run, as `neurorep glm --beta-series` writes them, the 4D effect maps (one volume
/// per trial in events order) and the trials table (`trial_type` per volume).
struct GLMTrialPatterns: Sendable {
    struct Run: Sendable { let maps: String; let trials: String }
    let subject: String
    let method: BetaSeries.Method
    /// In the order of the subject's task runs.
    let runs: [Run]
    /// The key of the `glm` unit that writes them.
    let producer: String
}

extension GLMUnits {
    /// The files the subject's unit writes when a beta series is configured (`GLMExport.stage`'s
    /// names: `sub-X/glm/<run entities>_desc-<method>_stat-effect_statmap.nii.gz` and `_trials.tsv`).
    func trialPatterns(subject: String, runs: [(run: BOLDRun, events: String)], producer: String) -> GLMTrialPatterns? {
        guard let m = config.glm?.betaSeries else { return nil }
        let folder = context.layout.subjectFolder(subject, "glm")
        return GLMTrialPatterns(subject: subject, method: m, runs: runs.map { r in
            let stem = "\(folder)/\(context.layout.prefix(for: r.run))_desc-\(m.rawValue)"
            return .init(maps: stem + "_stat-effect_statmap.nii.gz", trials: stem + "_trials.tsv")
        }, producer: producer)
    }
}
