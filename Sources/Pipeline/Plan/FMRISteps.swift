import ArrayFiles
import Connectivity
import FMRIWorkflow
import Foundation
import LinearAlgebra
import Provenance
import ROIExtraction
import Signal

/// The fMRI branch of a pipeline: per run, ROI time series (cleaned) and connectivity matrices;
/// in the group phase, tangent-space connectivity over all runs and group-average matrices.
/// Time series and connectivity are separate units, so a changed connectivity parameter does
/// not redo the (expensive) pass over the BOLD data: connectivity reads the cleaned series back
/// from the time-series output.
struct FMRISteps {
    let context: PlanContext
    var config: PipelineConfig { context.config }

    /// The parameters of the time-series step for one run (the run's sidecar TR unless the
    /// config sets one; its confounds table when the config asks for confounds).
    func parameters(atlas: PipelineConfig.Atlas, run: BOLDRun) throws -> FCParameters {
        guard let t = config.timeseries else { throw PipelineError("\(config.file): stage 'timeseries' is not configured") }
        var p = try cleaningParameters(t, run: run)
        p.atlasPath = atlas.image; p.lookupPath = atlas.labels; p.maskPath = t.mask; p.atlasName = atlas.name
        p.masker = LabelsMaskerOptions(strategy: t.strategy)
        p.masker.minCoverage = t.minCoverage > 0 ? t.minCoverage : nil
        return p
    }

    /// The cleaning and confound fields of `stages.timeseries` for one run (the voxel stages
    /// clean voxel series with them, as `timeseries` cleans ROI series); no atlas.
    func cleaningParameters(_ t: PipelineConfig.Timeseries, run: BOLDRun) throws -> FCParameters {
        var p = FCParameters(atlasPath: "")
        var c = CleaningOptions()
        c.dummyScans = t.dummyScans
        c.detrend = t.detrend
        c.standardize = t.standardize
        c.highPass = t.highPass
        c.lowPass = t.lowPass
        c.repetitionTime = t.tR ?? run.repetitionTime
        p.repetitionTimeSource = t.tR != nil ? "config" : "sidecar"
        c.censoredInterpolation = t.censoredInterpolation
        p.cleaning = c
        if let cf = t.confounds {
            guard let table = run.confounds else {
                throw ConfigError(file: config.file, position: nil,
                                  message: "stage 'timeseries' asks for confounds, but \(run.bold) has no *_desc-confounds_timeseries.tsv beside it")
            }
            p.confoundsPaths = [table]
            let sel = try cf.selection(stage: "timeseries", file: config.file)
            if let c = sel.columns { p.confoundColumns = c }
            if let s = sel.strategy { p.confoundStrategy = s }
            if let fd = sel.fdThreshold { p.fdThreshold = fd }
            p.strategyOptions = sel.strategyOptions
        }
        return p
    }

    func timeSeriesPaths(run: BOLDRun, atlas: String) -> (tsv: String, npy: String) {
        let stem = "\(context.layout.funcFolder(for: run))/" + FCFileNames.timeSeriesStem(prefix: context.layout.prefix(for: run), atlas: atlas)
        return (stem + ".tsv", stem + ".npy")
    }

    func relmatStem(run: BOLDRun, atlas: String, kind: String) -> String {
        "\(context.layout.funcFolder(for: run))/" + FCFileNames.relmatStem(prefix: context.layout.prefix(for: run), atlas: atlas,
                                                                            measure: FCFileNames.measureLabel(kind))
    }

    /// The time-series unit of one run and atlas.
    func timeSeriesUnit(run: BOLDRun, atlas: PipelineConfig.Atlas) throws -> WorkUnit {
        let p = try parameters(atlas: atlas, run: run)
        let inputs = [run.bold, atlas.image] + [atlas.labels, p.maskPath].compactMap { $0 } + p.confoundsPaths
        let sums = try context.checksums(inputs)
        let key = WorkUnit.key(step: "timeseries", scope: context.layout.prefix(for: run) + "_atlas-" + atlas.name, parameters: .object(p.timeSeriesProvenance), inputChecksums: sums, upstream: [])
        let folder = context.layout.funcFolder(for: run)
        let known = Dictionary(zip(inputs, sums), uniquingKeysWith: { a, _ in a })
        return WorkUnit(subject: run.subject, step: "timeseries atlas-\(atlas.name)", key: key) {
            let runs = try FCWorkflow.timeSeries(boldPaths: [run.bold], parameters: p)
            return try context.write { out in
                try FCExport.stage(runs: runs, connectivity: [], parameters: p, command: context.command, into: out, folder: folder,
                                   checksums: InputChecksums(known: known), details: context.configDetails)
            }
        }
    }

    /// The connectivity unit of one run: the kinds computed per run (all but tangent).
    func connectivityUnit(run: BOLDRun, atlas: PipelineConfig.Atlas, timeSeriesKey: String) throws -> WorkUnit? {
        guard let c = config.connectivity else { throw PipelineError("\(config.file): stage 'connectivity' is not configured") }
        let kinds = c.kinds.filter { $0 != .tangent }
        guard !kinds.isEmpty else { return nil }
        let params: [String: ProvenanceValue] = ["kinds": .strings(kinds.map(\.rawValue)), "estimator": .string(c.estimator.rawValue),
                                                 "fisher_z": .bool(c.fisherZ)]
        let key = WorkUnit.key(step: "connectivity", scope: context.layout.prefix(for: run) + "_atlas-" + atlas.name, parameters: .object(params), inputChecksums: [], upstream: [timeSeriesKey])
        let ts = timeSeriesPaths(run: run, atlas: atlas.name)
        return WorkUnit(subject: run.subject, step: "connectivity atlas-\(atlas.name)", key: key, dependencies: [timeSeriesKey]) {
            let (series, names) = try Self.readTimeSeries(ts)
            let estimator = c.estimator
            let folder = context.layout.funcFolder(for: run)
            return try context.write { out in
                for kind in kinds {
                    let r = try ConnectivityMeasure(kind: kind, estimator: estimator).fitTransform([series])
                    let rec = try context.record(parameters: params, inputs: [ts.npy], details: [
                        "Measure": .string(kind.rawValue), "NilearnKind": .optional(kind.nilearnName),
                        "Estimator": .string(kind == .pearson ? "empirical" : estimator.rawValue),
                        "Shrinkage": .double(r.shrinkages[0]), "RegionNames": .strings(names),
                        "ExcludedRegions": .strings(r.excludedSignals.map { names[$0] }), "ConnectivityWarnings": .strings(r.warnings),
                    ])
                    let stem = URL(fileURLWithPath: relmatStem(run: run, atlas: atlas.name, kind: kind.rawValue)).lastPathComponent
                    try FCExport.writeMatrix(stem: stem, matrix: r.matrices[0], names: names, staging: out, folder: folder, record: rec)
                    if c.fisherZ && kind.isCorrelationLike {
                        var zrec = rec
                        zrec.details["FisherZ"] = true
                        try FCExport.writeMatrix(stem: stem.replacingOccurrences(of: "_relmat", with: "_desc-fisherz_relmat"),
                                                 matrix: ConnectivityFormulas.fisherZ(r.matrices[0]), names: names, staging: out, folder: folder,
                                                 record: zrec)
                    }
                }
            }
        }
    }

    /// Tangent connectivity over all runs (group phase): each run's matrix beside its others,
    /// the reference point (geometric mean) in group/.
    func tangentUnit(runs: [BOLDRun], atlas: PipelineConfig.Atlas, timeSeriesKeys: [String]) -> WorkUnit? {
        guard let c = config.connectivity else { return nil }
        let estimator = c.estimator
        let groupFolder = context.layout.groupFolder
        do {
            let params: [String: ProvenanceValue] = ["kind": "tangent", "estimator": .string(c.estimator.rawValue), "runs": .int(runs.count)]
            let key = WorkUnit.key(step: "tangent", scope: "group_atlas-" + atlas.name, parameters: .object(params), inputChecksums: [], upstream: timeSeriesKeys)
            return WorkUnit(subject: WorkUnit.group, step: "tangent atlas-\(atlas.name)", key: key, dependencies: timeSeriesKeys) {
                let loaded = try runs.map { try Self.readTimeSeries(timeSeriesPaths(run: $0, atlas: atlas.name)) }
                let names = loaded[0].names
                let r = try ConnectivityMeasure(kind: .tangent, estimator: estimator).fitTransform(loaded.map(\.series))
                let base: [String: ProvenanceValue] = ["Measure": "tangent", "RegionNames": .strings(names),
                                                       "GroupRuns": .strings(runs.map(\.bold)),
                                                       "GeometricMeanIterations": .optional(r.geometricMean?.iterations)]
                let inputs = runs.map { timeSeriesPaths(run: $0, atlas: atlas.name).npy }
                // each run's tangent matrix beside its other matrices; the reference point in group/
                return try context.write { out in
                    for (i, run) in runs.enumerated() {
                        let rec = try context.record(parameters: params, inputs: inputs, details: base)
                        let stem = relmatStem(run: run, atlas: atlas.name, kind: "tangent")
                        try FCExport.writeMatrix(stem: (stem as NSString).lastPathComponent, matrix: r.matrices[i], names: names, staging: out,
                                                 folder: (stem as NSString).deletingLastPathComponent, record: rec)
                    }
                    let rec = try context.record(parameters: params, inputs: inputs,
                                                 details: base.merging(["Measure": "tangent group reference (geometric mean)"]) { $1 })
                    try FCExport.writeMatrix(stem: "atlas-\(atlas.name)_meas-tangent_desc-groupmean_relmat", matrix: r.groupMean,
                                             names: names, staging: out, folder: groupFolder, record: rec)
                }
            }
        }
    }

    /// The group average of every per-run connectivity kind (group phase).
    func averageUnit(runs: [BOLDRun], atlas: PipelineConfig.Atlas, connectivityKeys: [String]) -> WorkUnit? {
        guard let c = config.connectivity else { return nil }
        let groupFolder = context.layout.groupFolder
        do {
            let kinds = c.kinds.filter { $0 != .tangent }
            let key = WorkUnit.key(step: "group-average", scope: "group_atlas-" + atlas.name, parameters: .strings(kinds.map(\.rawValue)), inputChecksums: [], upstream: connectivityKeys)
            return WorkUnit(subject: WorkUnit.group, step: "average atlas-\(atlas.name)", key: key, dependencies: connectivityKeys) {
                return try context.write { staging in
                    for kind in kinds {
                        let files = runs.map { relmatStem(run: $0, atlas: atlas.name, kind: kind.rawValue) + ".npy" }
                        let mats = try files.map { try Self.readMatrix($0) }
                        let mean = try ConnectivityFormulas.mean(mats)
                        let names = try DelimitedTable.read(files[0].replacingOccurrences(of: ".npy", with: ".tsv")).columns.dropFirst().map { $0 }
                        let rec = try context.record(parameters: ["kind": .string(kind.rawValue), "statistic": "mean over runs"], inputs: files,
                                                     details: ["Measure": .string(kind.rawValue), "RegionNames": .strings(names), "Runs": .int(runs.count)])
                        try FCExport.writeMatrix(stem: "atlas-\(atlas.name)_meas-\(FCFileNames.measureLabel(kind.rawValue))_desc-mean_relmat",
                                                 matrix: mean, names: names, staging: staging,
                                                 folder: groupFolder, record: rec)
                    }
                }
            }
        }
    }

    /// A square matrix written by an earlier step.
    static func readMatrix(_ path: String) throws -> Matrix<Double> {
        let a = try NPY.read(path)
        guard a.shape.count == 2, a.shape[0] == a.shape[1] else { throw ArrayFileError(path: path, detail: "expected a square matrix, got shape \(a.shape)") }
        return Matrix(rows: a.shape[0], columns: a.shape[1], elements: a.doubles)
    }

    /// A run's cleaned time series (volumes x ROIs) and ROI names, from the time-series outputs.
    static func readTimeSeries(_ paths: (tsv: String, npy: String)) throws -> (series: Matrix<Double>, names: [String]) {
        let a = try NPY.read(paths.npy)
        guard a.shape.count == 2 else { throw ArrayFileError(path: paths.npy, detail: "expected a volumes x ROIs matrix, got shape \(a.shape)") }
        let names = try DelimitedTable.read(paths.tsv).columns
        return (Matrix(rows: a.shape[0], columns: a.shape[1], elements: a.doubles), names)
    }
}
