import AtomicFiles
import ArgumentParser
import ArrayFiles
import Dispatch
import Foundation
import Provenance
import Recurrence

/// `neurorep recurrence`: recurrence plots and RQA of every ROI time series in a file.
/// Writes `DIR/rqa.tsv` (a row per ROI), `DIR/recurrence_plots.npy` (uint8 ROIs x N x N, R as
/// 0/1) and `DIR/rp_<roi>.png` (black = recurrent), each with a provenance sidecar.
struct RecurrenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recurrence",
        abstract: "Recurrence plots and recurrence quantification (pyunicorn definitions) of ROI time series.",
        discussion: """
        Input: a .npy (time x ROIs, or 1-D) or a .tsv/.csv with a header row (one column per ROI). \
        Exactly one threshold: --threshold (a radius), --threshold-std (K x the population sd of each \
        ROI's series) or --recurrence-rate (eps per ROI by pyunicorn's rule). R_ij = 1 iff D_ij < eps.

        --theiler W excludes |i - j| < W: from the plot with the pyunicorn conventions (default 0, \
        pyunicorn's behaviour), from diagonal lines only with --conventions pyrqa (PyRQA's \
        theiler_corrector, default 1). Definitions: Sources/Recurrence/README.md.
        """
    )

    @Option(name: .long, help: "ROI time series: .npy (time x ROIs) or .tsv/.csv (header row, a column per ROI).")
    var timeseries: String

    @Flag(name: .long, help: "The .npy holds ROIs x time (rows are ROIs) instead of time x ROIs.")
    var roisInRows = false

    @Option(name: .long, help: "Embedding dimension m (default 1: no embedding).")
    var dim: Int = 1

    @Option(name: .long, help: "Embedding delay tau in samples (default 1).")
    var delay: Int = 1

    @Option(name: .long, help: "Phase-space norm: supremum, euclidean or manhattan (default supremum, as pyunicorn).")
    var metric: String = "supremum"

    @Option(name: .long, help: "Fixed recurrence radius eps.")
    var threshold: Double?

    @Option(name: .customLong("threshold-std"), help: "eps = K x the population standard deviation of each ROI's series.")
    var thresholdStd: Double?

    @Option(name: .customLong("recurrence-rate"), help: "eps chosen per ROI for this recurrence rate (0..1).")
    var recurrenceRate: Double?

    @Option(name: .long, help: "Theiler window W: exclude |i - j| < W (default 0 with pyunicorn conventions, 1 with pyrqa).")
    var theiler: Int?

    @Option(name: .long, help: "Definitions where the peers differ: pyunicorn (default) or pyrqa.")
    var conventions: String = "pyunicorn"

    @Option(name: .long, help: "Minimum diagonal line length (default 2).")
    var lmin: Int = 2

    @Option(name: .long, help: "Minimum vertical line length (default 2).")
    var vmin: Int = 2

    @Option(name: .long, help: "Minimum white vertical line length (default 1 pyunicorn, 2 pyrqa).")
    var wmin: Int?

    @Flag(name: .customLong("no-png"), help: "Do not write a PNG per ROI.")
    var noPNG = false

    @Flag(name: .customLong("no-stack"), help: "Do not write the ROIs x N x N uint8 stack.")
    var noStack = false

    @Option(name: .long, help: "Output directory (created if missing).")
    var out: String

    func validate() throws {
        let given = [threshold != nil, thresholdStd != nil, recurrenceRate != nil].filter { $0 }.count
        guard given == 1 else { throw ValidationError("give exactly one of --threshold, --threshold-std, --recurrence-rate") }
        guard DistanceMetric(rawValue: metric) != nil else {
            throw ValidationError("--metric \(metric): use one of \(DistanceMetric.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard RQAConventions(rawValue: conventions) != nil else {
            throw ValidationError("--conventions \(conventions): use pyunicorn or pyrqa")
        }
        do { try settings.validate() } catch { throw ValidationError("\(error)") }
    }

    var settings: RecurrenceSettings {
        let t: RecurrenceThreshold = threshold.map { .radius($0) } ?? thresholdStd.map { .standardDeviations($0) } ?? .recurrenceRate(recurrenceRate ?? 0)
        return RecurrenceSettings(dimension: dim, delay: delay, metric: DistanceMetric(rawValue: metric) ?? .supremum, threshold: t,
                                  conventions: RQAConventions(rawValue: conventions) ?? .pyunicorn, theiler: theiler,
                                  lmin: lmin, vmin: vmin, wmin: wmin)
    }

    func run() throws {
        let settings = self.settings
        let (names, series) = try readSeries()
        let results: [RecurrenceResult]
        do { results = try RecurrenceAnalysis.run(series: series, names: names, settings: settings) } catch {
            throw CLIError("\(timeseries): \(error)")
        }

        try AtomicFile.createFolder(out)
        var record = ProvenanceRecord(command: "recurrence", parameters: parameters(settings), details: [
            "rois": .strings(names), "N": .int(results.first?.plot.count ?? 0),
        ])
        try record.addInput(timeseries)

        let written = try RecurrenceExport.write(results, to: out, stack: !noStack, pngs: !noPNG, record: record)
        print("recurrence: \(results.count) ROI(s), N = \(results.first?.plot.count ?? 0); wrote \(written.count) file(s) in \(out) (rqa.tsv\(noStack ? "" : ", recurrence_plots.npy")\(noPNG ? "" : ", rp_<roi>.png"))")
    }

    /// ROI names and series from the input file.
    private func readSeries() throws -> ([String], [[Double]]) {
        let lower = timeseries.lowercased()
        if lower.hasSuffix(".npy") {
            let a = try NPY.read(timeseries)
            let v = a.doubles
            switch a.shape.count {
            case 1: return (["0"], [v])
            case 2:
                let (r, c) = (a.shape[0], a.shape[1])
                if roisInRows { return ((0..<r).map(String.init), (0..<r).map { i in Array(v[(i * c)..<((i + 1) * c)]) }) }
                return ((0..<c).map(String.init), (0..<c).map { j in (0..<r).map { v[$0 * c + j] } })
            default:
                throw CLIError("\(timeseries): expected a 1-D or 2-D array (time x ROIs), got shape \(a.shape)")
            }
        }
        guard lower.hasSuffix(".tsv") || lower.hasSuffix(".csv") || lower.hasSuffix(".txt") else {
            throw CLIError("\(timeseries): unknown format (use .npy, .tsv or .csv)")
        }
        let table = try DelimitedTable.read(timeseries)
        let rows = try table.numericRows(file: timeseries)
        return (table.columns, table.columns.indices.map { j in rows.map { $0[j] } })
    }

    private func parameters(_ s: RecurrenceSettings) -> [String: ProvenanceValue] {
        var p = RecurrenceExport.parameters(s)
        if roisInRows { p["rois_in_rows"] = .bool(true) }
        return p
    }
}
