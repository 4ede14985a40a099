import ArgumentParser
import Connectivity
import Pipeline

/// `neurorep connectivity`: time series plus connectivity matrices (nilearn ConnectivityMeasure
/// semantics; tangent is computed over all --bold runs as a group).
struct ConnectivityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connectivity",
        abstract: "ROI time series and connectivity matrices (covariance, correlation, partial-correlation, precision, tangent, pearson).",
        discussion: """
        Writes the time series as `timeseries` does, and per run and kind \
        sub-<label>[_ses-<label>][_task-<label>][_run-<label>]_atlas-<name>_meas-<kind>_relmat.tsv/.npy/.json \
        (kind labels: covariance, correlation, partialCorrelation, precision, tangent, pearson). nilearn parity: \
        'correlation' uses the --estimator (Ledoit-Wolf by default, so it is shrunk); 'pearson' is plain Pearson r \
        (what XCP-D reports). 'tangent' is a group kind over all --bold runs; its reference point is written as \
        atlas-<name>_meas-tangent_desc-groupmean_relmat.*.
        """
    )

    @OptionGroup var inputs: FCInputOptions

    @Option(name: .long, help: "Comma list of kinds: covariance, correlation, partial-correlation, precision, tangent, pearson.")
    var kind: String = "correlation"

    @Option(name: .long, help: "Covariance estimator: ledoit-wolf (nilearn default) or empirical.")
    var estimator: String = "ledoit-wolf"

    @Flag(name: .customLong("fisher-z"), help: "Fisher z (arctanh) of correlation-like kinds.")
    var fisherZ = false

    @Flag(name: .long, help: "Also write vectorised matrices (nilearn sym_matrix_to_vec order) as _desc-vec_relmat.")
    var vectorize = false

    @Flag(name: .customLong("discard-diagonal"), help: "With --vectorize: strict lower triangle only (_desc-vecnodiag_relmat).")
    var discardDiagonal = false

    func validate() throws {
        let kinds = FCInputOptions.commaList(kind)
        guard !kinds.isEmpty else { throw ValidationError("--kind: give at least one kind") }
        for k in kinds where ConnectivityKind(name: k) == nil {
            throw ValidationError("--kind: unknown kind '\(k)' (allowed: \(ConnectivityKind.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        guard CovarianceEstimator.parse(estimator) != nil else {
            throw ValidationError("--estimator must be ledoit-wolf or empirical, got '\(estimator)'")
        }
        if kinds.contains(where: { ConnectivityKind(name: $0) == .tangent }) && inputs.bold.count < 2 {
            throw ValidationError("--kind tangent is a group kind: give at least two --bold runs")
        }
        if discardDiagonal && !vectorize { throw ValidationError("--discard-diagonal needs --vectorize") }
    }

    func run() throws {
        var p = try inputs.parameters
        p.kinds = FCInputOptions.commaList(kind).map { ConnectivityKind(name: $0)! }
        guard let e = CovarianceEstimator.parse(estimator) else { throw ValidationError("--estimator must be ledoit-wolf or empirical, got '\(estimator)'") }
        p.estimator = e
        p.fisherZ = fisherZ
        p.vectorize = vectorize
        p.discardDiagonal = discardDiagonal
        try FCCommandRunner.run(inputs: inputs, parameters: p, command: "neurorep connectivity", connectivity: true)
    }
}
