import ArrayFiles
import Foundation
import RSA

/// Every ROI's single-trial patterns grouped by condition: `conditions x trials x voxels`,
/// conditions in the order of the conditions table, a condition's trials in run order and,
/// within a run, in events order (the volume order of the beta-series maps). Read through
/// RSA's `BetaMapPatterns` (streamed volume by volume, the atlas voxels kept, a voxel that is
/// NaN/inf in some map left out): each trial is an observation whose "run" is its rank within
/// its condition, so the n-th trial of every condition shares one slot.
enum TrialSamples {
    /// One ROI: `conditions x trials x voxels`, row-major.
    struct ROI { let label: Int; let trials: Int; let voxels: Int; let values: [Double] }

    static func load(runs: [GLMTrialPatterns.Run], conditions: [String], atlas: String, conditionsTable: String) throws -> [ROI] {
        var observations: [BetaMapPatterns.Observation] = []
        var count: [String: Int] = [:]
        for r in runs {
            let t = try DelimitedTable.read(r.trials)
            let c = try t.columnIndex("trial_type", file: r.trials)
            for (n, row) in t.rows.enumerated() {
                let cond = row[c]
                guard conditions.contains(cond) else {
                    throw PipelineError("\(r.trials): row \(n + 2): condition '\(cond)' is not in the conditions table \(conditionsTable)")
                }
                observations.append(.init(condition: cond, run: count[cond, default: 0]))
                count[cond, default: 0] += 1
            }
        }
        if let missing = conditions.first(where: { count[$0] == nil }) {
            throw PipelineError("\(conditionsTable): condition '\(missing)' has no trials in \(runs.map(\.trials).joined(separator: ", "))")
        }
        let trials = count[conditions[0]]!
        if let other = conditions.first(where: { count[$0] != trials }) {
            throw PipelineError("\(runs.map(\.trials).joined(separator: ", ")): the stochastic shape metrics need the same number of trials for every condition (samples per condition); '\(conditions[0])' has \(trials), '\(other)' has \(count[other]!)")
        }
        guard trials >= 2 else {
            throw PipelineError("\(runs.map(\.trials).joined(separator: ", ")): every condition has a single trial; the stochastic shape metrics need at least 2 per condition")
        }
        let rois = try BetaMapPatterns.load(files: runs.map(\.maps), observations: observations, atlas: atlas)
        return try rois.map { roi in
            let p = roi.patterns
            let order = p.conditionNames ?? []
            let v = p.channels
            var values = [Double](repeating: 0, count: conditions.count * trials * v)
            for (k, name) in conditions.enumerated() {
                guard let kk = order.firstIndex(of: name) else { throw PipelineError("\(atlas): ROI \(roi.label): condition '\(name)' missing from the patterns") }
                for t in 0..<trials {
                    let src = (t * p.conditions + kk) * v, dst = (k * trials + t) * v
                    for j in 0..<v { values[dst + j] = p.values[src + j] }
                }
            }
            return ROI(label: roi.label, trials: trials, voxels: v, values: values)
        }
    }
}
