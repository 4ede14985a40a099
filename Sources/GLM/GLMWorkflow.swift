import FMRIWorkflow
import Foundation
import LinearAlgebra
import NIfTI
import Provenance

/// Everything `neurorep glm` needs, nilearn's defaults where nilearn has one.
public struct GLMParameters: Sendable {
    public var boldPaths: [String]
    public var eventsPaths: [String]
    public var repetitionTime: Double
    public var maskPath: String?
    public var options = GLMOptions()
    /// Extra contrasts (NAME=EXPR); every condition is also a contrast of its own (with `fir`, each
    /// of its delays: `HRFModel.conditionContrastColumns`).
    public var contrasts: [ContrastSpec] = []
    public var betaSeries: BetaSeries.Method? = nil
    public var confoundsPaths: [String] = []
    public var confounds = GLMConfoundSelection()
    /// The statistics written per condition and contrast (`--stats`; default all five).
    public var statistics: [GLMStatistic] = GLMStatistic.allCases

    public init(boldPaths: [String], eventsPaths: [String], repetitionTime: Double) {
        self.boldPaths = boldPaths; self.eventsPaths = eventsPaths; self.repetitionTime = repetitionTime
    }

    /// The parameters as they go into every provenance sidecar.
    public var provenance: [String: ProvenanceValue] {
        var driftDetail: ProvenanceValue = .null
        switch options.design.drift {
        case .cosine(let hp): driftDetail = .object(["high_pass": .double(hp)])
        case .polynomial(let o): driftDetail = .object(["drift_order": .int(o)])
        case .none: break
        }
        var firDelays: ProvenanceValue = .null
        if case .fir(let d) = options.design.hrf { firDelays = .ints(d) }
        return [
            "t_r": .double(repetitionTime), "hrf_model": .string(options.design.hrf.name), "fir_delays": firDelays,
            "drift_model": .string(options.design.drift.name), "drift": driftDetail,
            "oversampling": .int(options.design.oversampling), "min_onset": .double(options.design.minOnset),
            "noise_model": .string(options.noise.rawValue), "signal_scaling": .string(options.scaling.rawValue),
            "mask": .optional(maskPath), "contrasts": .array(contrasts.map { .object(["name": .string($0.name), "expression": .string($0.expression)]) }),
            "beta_series": .optional(betaSeries?.rawValue), "confounds": .strings(confoundsPaths),
            "confound_columns": confounds.columns.map { .strings($0) } ?? .null,
            "confound_strategy": confounds.strategy.map { .strings($0) } ?? .null,
            "fd_threshold": .optional(confounds.fdThreshold),
            "stats": .strings(statistics.map(\.rawValue)),
            "reference": "nilearn 0.14.1 FirstLevelModel",
        ]
    }
}

/// The results of `GLMWorkflow.run`.
public struct GLMResults {
    public struct Run {
        public var boldPath: String
        public var eventsPath: String
        public var confoundsPath: String?
        /// BIDS prefix of the run's outputs (`sub-X[_ses-Y][_task-Z][_run-W]`).
        public var prefix: String
        public var design: DesignMatrix
        public var keptFrames: [Int]?
        public var dof: Int
        public var trials: [BetaSeries.Trial]
        /// Trials x voxels, when a beta series was asked for.
        public var betaSeries: Matrix<Double>?
        /// This run's own statistics of every contrast, in the order of `GLMResults.contrasts`
        /// (the per-run patterns crossnobis cross-validates over).
        public var statistics: [ContrastStatistics] = []
    }
    public var runs: [Run]
    public var mask: VoxelMask
    /// Prefix of the combined outputs: the runs' entities without `run-` when several runs.
    public var combinedPrefix: String
    public var contrasts: [(spec: ContrastSpec, statistics: ContrastStatistics)]
    public var warnings: [String]
}

/// Reads, checks, fits and combines the runs one at a time (one run's float32 data in memory).
public enum GLMWorkflow {
    public static func run(_ p: GLMParameters) throws -> GLMResults {
        guard !p.boldPaths.isEmpty else { throw GLMError.invalidParameter("give at least one BOLD run") }
        guard p.eventsPaths.count == p.boldPaths.count else {
            throw GLMError.invalidParameter("\(p.eventsPaths.count) events file(s) for \(p.boldPaths.count) BOLD run(s); give one per run, in the same order")
        }
        guard p.confoundsPaths.isEmpty || p.confoundsPaths.count == p.boldPaths.count else {
            throw GLMError.invalidParameter("\(p.confoundsPaths.count) confounds file(s) for \(p.boldPaths.count) BOLD run(s); give one per run, in the same order")
        }
        guard p.repetitionTime > 0, p.repetitionTime.isFinite else { throw GLMError.invalidParameter("--t-r must be a positive number of seconds, got \(p.repetitionTime)") }
        if p.betaSeries != nil { try BetaSeries.check(p.options) }
        var warnings: [String] = []
        let tables = try p.eventsPaths.map(EventsTable.read)
        let mask = try p.maskPath.map(VoxelMask.read) ?? VoxelMask.nonConstant(runs: p.boldPaths)
        if p.maskPath == nil { warnings.append("no --mask: every voxel that varies over time is fitted (nilearn would compute an EPI mask)") }
        // Every run models the same conditions: a condition missing from one run is an error.
        let allConditions = EventsTable.sortedUnique(tables.flatMap { $0.events.map(\.trialType) })
        for t in tables {
            for c in allConditions where !t.events.contains(where: { $0.trialType == c }) {
                throw GLMError.badEvent(path: t.path, row: 1, detail: "condition '\(c)' (present in another run's events) has no events in this run")
            }
        }
        var specs = allConditions.flatMap { p.options.design.hrf.conditionContrastColumns($0).map { ContrastSpec(name: $0, expression: $0) } }
        specs += p.contrasts
        try checkFileLabels(specs, eventsPaths: p.eventsPaths)
        var runs: [GLMResults.Run] = []
        var perRun: [[ContrastStatistics]] = []
        for (r, bold) in p.boldPaths.enumerated() {
            var data = try MaskedRun.read(bold, mask: mask)
            if let h = data.headerTR, h > 0, abs(h - p.repetitionTime) > 1e-3 * p.repetitionTime {
                throw GLMError.badInput(path: bold, detail: "the header's TR is \(h) s but --t-r is \(p.repetitionTime) s; fix the header or the flag")
            }
            if data.constantVoxels == data.voxels {
                throw GLMError.badInput(path: bold, detail: "every one of the \(data.voxels) voxels inside \(mask.sourceDescription) is constant over the run's \(data.volumes) volumes: there is no signal to model")
            }
            if data.constantVoxels > 0 {
                warnings.append("\(bold): \(data.constantVoxels) of the \(data.voxels) in-mask voxels are constant over the run; their effect, t and z are 0 and p 0.5 (as nilearn)")
            }
            let n = data.volumes
            try tables[r].validate(volumes: n, repetitionTime: p.repetitionTime, minOnset: p.options.design.minOnset)
            var cm: Matrix<Double>? = nil, cnames: [String] = [], kept: [Int]? = nil
            let confPath = p.confoundsPaths.isEmpty ? nil : p.confoundsPaths[r]
            if let cp = confPath { (cm, cnames, kept) = try { let l = try p.confounds.load(path: cp, volumes: n); return (l.matrix, l.names, l.keptFrames) }() }
            var design = try DesignMatrix.make(events: tables[r].events, conditions: allConditions, volumes: n, repetitionTime: p.repetitionTime,
                                               options: p.options.design, confounds: cm, confoundNames: cnames, eventsPath: tables[r].path)
            if let k = kept { design = design.keepingFrames(k); data = data.keepingFrames(k) }
            let stats = try FirstLevelGLM.contrasts(run: data, design: design, specs: specs, options: p.options)
            perRun.append(stats)
            var trials: [BetaSeries.Trial] = []
            var series: Matrix<Double>? = nil
            if let m = p.betaSeries {
                trials = BetaSeries.trials(tables[r].events)
                series = try BetaSeries.effects(method: m, run: data, events: tables[r].events, repetitionTime: p.repetitionTime, options: p.options,
                                                confounds: cm, confoundNames: cnames, keptFrames: kept, designVolumes: n)
            }
            let name = BIDSName(path: bold)
            if !name.hasSubject { warnings.append("\(bold): no sub- entity; outputs are named from the file name") }
            runs.append(GLMResults.Run(boldPath: bold, eventsPath: p.eventsPaths[r], confoundsPath: confPath,
                                       prefix: name.keptPrefix(fallbackStem: BIDSName.stem(of: bold)), design: design, keptFrames: kept,
                                       dof: Int(stats.first?.dof ?? 0), trials: trials, betaSeries: series, statistics: stats))
        }
        let combined = specs.indices.map { c in ContrastStatistics.fixedEffects(perRun.map { $0[c] }) }
        let prefixes = Set(runs.map { dropRun($0.prefix) })
        guard runs.count == 1 || prefixes.count == 1 else {
            throw GLMError.invalidParameter("runs combined by fixed effects must share sub/ses/task entities; got \(prefixes.sorted().joined(separator: ", "))")
        }
        let combinedPrefix = runs.count == 1 ? runs[0].prefix : dropRun(runs[0].prefix)
        return GLMResults(runs: runs, mask: mask, combinedPrefix: combinedPrefix, contrasts: Array(zip(specs, combined)), warnings: warnings)
    }

    /// Output names keep a contrast's letters and digits only (`contrast-<label>`): two names with
    /// one label would write the same files, so that is refused before anything is fitted,
    /// naming both (conditions come from the events' trial_type, contrasts from --contrast).
    static func checkFileLabels(_ specs: [ContrastSpec], eventsPaths: [String] = []) throws {
        var seen: [String: String] = [:]
        for s in specs {
            let label = BIDSName.label(from: s.name)
            if let other = seen[label] {
                throw GLMError.invalidParameter(other == s.name
                    ? "contrast '\(s.name)' is named twice (every condition is a contrast of its own); choose another name"
                    : "contrasts '\(other)' and '\(s.name)' would both be written as contrast-\(label) (file names keep letters and digits only); rename one"
                      + (eventsPaths.isEmpty ? "" : " (conditions are the trial_type values of \(eventsPaths.joined(separator: ", ")); contrasts come from --contrast)"))
            }
            seen[label] = s.name
        }
    }

    static func dropRun(_ prefix: String) -> String {
        prefix.split(separator: "_").filter { !$0.hasPrefix("run-") }.joined(separator: "_")
    }
}

extension MaskedRun {
    /// The run restricted to some frames (censoring).
    public func keepingFrames(_ frames: [Int]) -> MaskedRun {
        var d = [Float](); d.reserveCapacity(frames.count * voxels)
        data.withUnsafeBufferPointer { p in for t in frames { d.append(contentsOf: UnsafeBufferPointer(start: p.baseAddress! + t * voxels, count: voxels)) } }
        return MaskedRun(path: path, volumes: frames.count, voxels: voxels, data: d, headerTR: headerTR)
    }
}
