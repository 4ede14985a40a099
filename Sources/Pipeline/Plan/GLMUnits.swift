import ArrayFiles
import FMRIWorkflow
import Foundation
import GLM
import Provenance
import Signal

/// The `glm` stage of one subject: every task run fitted with the GLM library (nilearn
/// FirstLevelModel semantics) and combined by fixed effects, its outputs written as
/// `neurorep glm` writes them (`GLMExport.stage`) to `sub-X/glm/`, plus the condition effect maps
/// stacked in the order of the conditions table: the subject's beta maps
/// (`<entities>_desc-conditions_stat-effect_statmap.nii.gz`, 4D float32).
struct GLMUnits {
    let context: PlanContext
    var config: PipelineConfig { context.config }

    /// The entities of the combined outputs: the runs' own, without `run-` when there are several
    /// (as `GLMWorkflow` names them).
    func prefix(_ runs: [BOLDRun]) -> String {
        let p = context.layout.prefix(for: runs[0])
        return runs.count == 1 ? p : p.split(separator: "_").filter { !$0.hasPrefix("run-") }.joined(separator: "_")
    }

    /// The library's parameters for a subject's runs (the config's TR, else the runs' sidecars'; confounds as in `timeseries`).
    func parameters(_ runs: [(run: BOLDRun, events: String)]) throws -> GLMParameters {
        guard let g = config.glm else { throw PipelineError("\(config.file): stage 'glm' is not configured") }
        var trs: [Double] = []
        for r in runs {
            guard let tr = g.tR ?? r.run.repetitionTime else {
                throw ConfigError(file: config.file, position: nil,
                                  message: "stage 'glm': \(r.run.bold) has no RepetitionTime in a JSON sidecar; set 'stages.glm.t_r'")
            }
            trs.append(tr)
        }
        guard Set(trs).count == 1 else {
            throw ConfigError(file: config.file, position: nil,
                              message: "stage 'glm': the runs of sub-\(runs[0].run.subject) have different repetition times \(trs); they cannot be combined")
        }
        var p = GLMParameters(boldPaths: runs.map(\.run.bold), eventsPaths: runs.map(\.events), repetitionTime: trs[0])
        p.maskPath = g.mask
        p.options = g.options
        p.betaSeries = g.betaSeries
        if let cf = g.confounds {
            p.confoundsPaths = try runs.map { r in
                guard let t = r.run.confounds else {
                    throw ConfigError(file: config.file, position: nil,
                                      message: "stage 'glm' asks for confounds, but \(r.run.bold) has no *_desc-confounds_timeseries.tsv beside it")
                }
                return t
            }
            let chosen = try cf.selection(stage: "glm", file: config.file)
            p.confounds = GLMConfoundSelection(columns: chosen.columns, strategy: chosen.strategy,
                                               strategyOptions: chosen.strategyOptions, fdThreshold: chosen.fdThreshold)
        }
        return p
    }

    /// The subject's unit and the path of the beta maps it writes.
    func subjectUnit(subject: String, runs: [(run: BOLDRun, events: String)]) throws -> (WorkUnit, String) {
        let p = try parameters(runs)
        let conditionsTable = config.glm?.conditions
        let folder = context.layout.subjectFolder(subject, "glm")
        let stem = "\(folder)/\(prefix(runs.map(\.run)))_desc-conditions"
        let betas = stem + "_stat-effect_statmap.nii.gz"
        // per-run patterns and ROI residuals, when the rsa method needs them (GLMRunPatterns)
        let runFiles = try GLMRunPatterns.files(config: config, layout: context.layout, subject: subject, runs: runs.map(\.run), combinedPrefix: prefix(runs.map(\.run)))
        let inputs = p.boldPaths + p.eventsPaths + p.confoundsPaths + [p.maskPath, conditionsTable].compactMap { $0 } + (runFiles.map(GLMRunPatterns.inputs) ?? [])
        let sums = try context.checksums(inputs)
        var params = p.provenance
        params["conditions_order"] = .string(conditionsTable == nil ? "sorted (nilearn's column order)" : "the conditions table")
        if let f = runFiles { params.merge(GLMRunPatterns.parameters(f)) { a, _ in a } }
        let key = WorkUnit.key(step: "glm", scope: "sub-" + subject, parameters: .object(params), inputChecksums: sums, upstream: [])
        let known = Dictionary(zip(inputs, sums), uniquingKeysWith: { a, _ in a })
        let unit = WorkUnit(subject: subject, step: "glm", key: key) {
            let results = try GLMWorkflow.run(p)
            let fitted = results.contrasts.filter { $0.spec.name == $0.spec.expression }
            let conditions = try conditionsTable.map(Self.conditions) ?? fitted.map(\.spec.name)
            let effects = try conditions.map { c in
                guard let s = fitted.first(where: { $0.spec.name == c }) else {
                    throw PipelineError("\(conditionsTable ?? "stage 'glm'"): condition '\(c)' has no events in \(p.eventsPaths.joined(separator: ", "))")
                }
                return s.statistics.effect
            }
            let rec = try context.record(parameters: params, inputs: inputs, details: [
                "Conditions": .strings(conditions), "Runs": .strings(p.boldPaths), "Warnings": .strings(results.warnings),
                "Statistic": "effect size of each condition (runs combined by fixed effects), volumes in the order of Conditions",
            ])
            return try context.write { out in
                try GLMExport.stage(results, parameters: p, command: context.command, into: out, folder: folder,
                                    checksums: InputChecksums(known: known), details: context.configDetails)
                try GLMExport.writeMaps(rows: effects, mask: results.mask, as: Float.self,
                                        to: out.path(for: betas, holds: "4D float32 condition effect maps (the subject's beta maps), one volume per condition in the order of Conditions"),
                                        fourD: true)
                try out.describe(stem: stem, record: rec)
                if let f = runFiles {
                    try GLMRunPatterns.write(f, results: results, parameters: p, conditions: conditions,
                                             record: { try context.record(parameters: params, inputs: $1, details: $0) }, into: out)
                }
            }
        }
        return (unit, betas)
    }

    /// The conditions of a table (its `condition` column, else `trial_type`), in order.
    static func conditions(_ path: String) throws -> [String] {
        let t = try DelimitedTable.read(path)
        let c = try t.columnIndex(t.columns.contains("condition") ? "condition" : "trial_type", file: path)
        return t.rows.map { $0[c] }
    }
}
