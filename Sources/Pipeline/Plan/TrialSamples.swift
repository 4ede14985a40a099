import ArrayFiles
import Foundation
import RSA
import ShapeMetrics

/// Every ROI's single-trial patterns grouped by condition (`ShapeMetrics.ConditionSamples`):
/// conditions in the order of the conditions table, each with its own number of trials (real
/// task data rarely has equal counts: missed or excluded trials, a dropped run), a condition's
/// trials in run order and, within a run, in events order (the volume order of the beta-series
/// maps). Read through RSA's `BetaMapPatterns` (streamed volume by volume, the atlas voxels
/// kept, a voxel that is NaN/inf in some map left out) with every volume its own observation
/// (one "run" of as many "conditions" as trials, so unequal counts make no unbalanced design
/// there); each ROI's rows are then copied once, condition by condition.
enum TrialSamples {
    /// Trials per condition (conditions-table order), from the trials tables alone.
    static func counts(runs: [GLMTrialPatterns.Run], conditions: [String], conditionsTable: String) throws -> (counts: [Int], volumes: [(condition: Int, rank: Int)]) {
        var seen = Set<String>()
        if let twice = conditions.first(where: { !seen.insert($0).inserted }) {
            throw PipelineError("\(conditionsTable): condition '\(twice)' is listed twice")
        }
        var volumes: [(condition: Int, rank: Int)] = []
        var count: [String: Int] = [:]
        for r in runs {
            let t = try DelimitedTable.read(r.trials)
            let c = try t.columnIndex("trial_type", file: r.trials)
            for (n, row) in t.rows.enumerated() {
                let cond = row[c]
                guard let k = conditions.firstIndex(of: cond) else {
                    throw PipelineError("\(r.trials): row \(n + 2): condition '\(cond)' is not in the conditions table \(conditionsTable)")
                }
                volumes.append((k, count[cond, default: 0]))
                count[cond, default: 0] += 1
            }
        }
        if let missing = conditions.first(where: { count[$0] == nil }) {
            throw PipelineError("\(conditionsTable): condition '\(missing)' has no trials in \(runs.map(\.trials).joined(separator: ", "))")
        }
        return (conditions.map { count[$0]! }, volumes)
    }

    /// `conditions[i]` with its count, for error messages: "'face' has 6".
    static func describe(_ conditions: [String], _ counts: [Int], where keep: (Int) -> Bool = { _ in true }) -> String {
        zip(conditions, counts).filter { keep($0.1) }.map { "'\($0.0)' has \($0.1)" }.joined(separator: ", ")
    }

    /// The conditions whose count differs from the most common one, then that one: "'face3'
    /// has 6, 'house4' has 7, the other 10 have 8".
    static func unequal(_ conditions: [String], _ counts: [Int]) -> String {
        let common = Dictionary(grouping: counts, by: { $0 }).max { ($0.value.count, $1.key) < ($1.value.count, $0.key) }!.key
        let others = counts.filter { $0 == common }.count
        return describe(conditions, counts, where: { $0 != common }) + ", the other \(others == 1 ? "one has" : "\(others) have") \(common)"
    }

    /// Every ROI's samples. At least 2 trials per condition (the Gaussian metric's covariances
    /// divide by n - 1); `equalCounts` (the energy metric, which compares sample sets of equal
    /// shape) also refuses unequal counts, naming each condition's.
    static func load(runs: [GLMTrialPatterns.Run], conditions: [String], atlas: String, conditionsTable: String,
                     equalCounts: Bool) throws -> (rois: [(label: Int, samples: ConditionSamples)], counts: [Int]) {
        let files = runs.map(\.trials).joined(separator: ", ")
        let (counts, volumes) = try counts(runs: runs, conditions: conditions, conditionsTable: conditionsTable)
        guard counts.allSatisfy({ $0 >= 2 }) else {
            throw PipelineError("\(files): the stochastic shape metrics need at least 2 trials per condition (the gaussian metric's covariances divide by n - 1); "
                + describe(conditions, counts, where: { $0 < 2 }))
        }
        if equalCounts, Set(counts).count > 1 {
            throw PipelineError("\(files): the energy metric needs the same number of trials for every condition (netrep's EnergyStochasticMetric compares sample sets of equal shape); "
                + unequal(conditions, counts) + " (the gaussian metric takes unequal counts)")
        }
        var offsets: [Int] = [], total = 0
        for c in counts { offsets.append(total); total += c }
        // volume i is observation "i" of the one run: row i of every ROI's patterns
        let observations = volumes.indices.map { BetaMapPatterns.Observation(condition: String($0), run: 0) }
        let rois = try BetaMapPatterns.load(files: runs.map(\.maps), observations: observations, atlas: atlas)
        return (try rois.map { roi in
            let p = roi.patterns
            let v = p.channels
            guard p.conditions == volumes.count, p.conditionNames == observations.map(\.condition) else {
                throw PipelineError("\(atlas): ROI \(roi.label): \(p.conditions) patterns read for \(volumes.count) trials")
            }
            var values = [Double](repeating: 0, count: total * v)
            for (i, t) in volumes.enumerated() {
                let src = i * v, dst = (offsets[t.condition] + t.rank) * v
                for j in 0..<v { values[dst + j] = p.values[src + j] }
            }
            return (roi.label, try ConditionSamples(label: "ROI \(roi.label)", counts: counts, units: v, values: values))
        }, counts)
    }
}
