import FMRIWorkflow
import Foundation
import Provenance
import Recurrence

/// Recurrence plots and RQA of every ROI of one run (pyunicorn definitions), from the run's
/// cleaned time series: `<prefix>_atlas-<A>_rqa.tsv`, `..._recurrence_plots.npy` and a PNG per
/// ROI (`..._rp_<roi>.png`), each with a sidecar.
struct RecurrenceStep {
    let context: PlanContext
    let fmri: FMRISteps

    /// The stage's settings (the step runs only when `stages.recurrence` is configured).
    var config: PipelineConfig.Recurrence { context.config.recurrence ?? PipelineConfig.Recurrence() }

    var settings: RecurrenceSettings {
        let r = config
        let t: RecurrenceThreshold = r.threshold.map { .radius($0) } ?? r.thresholdStd.map { .standardDeviations($0) }
            ?? .recurrenceRate(r.recurrenceRate ?? 0.05)
        return RecurrenceSettings(dimension: r.dim, delay: r.delay, metric: r.metric,
                                  threshold: t, theiler: r.theiler)
    }

    func unit(run: BOLDRun, atlas: PipelineConfig.Atlas, timeSeriesKey: String) throws -> WorkUnit {
        let s = settings
        try s.validate()
        var params = RecurrenceExport.parameters(s)
        params["images"] = .bool(config.images)
        let key = WorkUnit.key(step: "recurrence", scope: context.layout.prefix(for: run) + "_atlas-" + atlas.name, parameters: .object(params), inputChecksums: [], upstream: [timeSeriesKey])
        let ts = fmri.timeSeriesPaths(run: run, atlas: atlas.name)
        let images = config.images
        return WorkUnit(subject: run.subject, step: "recurrence atlas-\(atlas.name)", key: key, dependencies: [timeSeriesKey]) {
            let (series, names) = try FMRISteps.readTimeSeries(ts)
            let columns = (0..<series.columns).map { series.column($0) }
            let results = try RecurrenceAnalysis.run(series: columns, names: names, settings: s)
            let record = try context.record(parameters: params, inputs: [ts.npy], details: ["RegionNames": .strings(names)])
            let prefix = FCFileNames.timeSeriesStem(prefix: context.layout.prefix(for: run), atlas: atlas.name)
                .replacingOccurrences(of: "_timeseries", with: "_")
            return try context.write { out in
                try RecurrenceExport.stage(results, into: out, folder: context.layout.funcFolder(for: run), prefix: prefix,
                                           stack: images, pngs: images, record: record)
            }
        }
    }
}
