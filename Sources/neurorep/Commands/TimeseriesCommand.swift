import ArgumentParser

/// `neurorep timeseries`: ROI time series (extraction + signal cleaning), written as TSV + NPY
/// with a provenance sidecar per run.
struct TimeseriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timeseries",
        abstract: "ROI time series from BOLD runs and an atlas (nilearn NiftiLabelsMasker/NiftiMapsMasker + signal.clean semantics).",
        discussion: """
        Writes <out>/sub-<label>[_ses-<label>][_task-<label>][_run-<label>]_atlas-<name>_timeseries.tsv (ROI names as \
        header, n/a for NaN), .npy (float64, kept volumes x ROIs) and .json (provenance: version, parameters, input \
        SHA-256s, ROI names, coverage, censored volumes). Nothing is written if any run fails.
        """
    )

    @OptionGroup var inputs: FCInputOptions

    func run() throws {
        try FCCommandRunner.run(inputs: inputs, parameters: try inputs.parameters, command: "neurorep timeseries", connectivity: false)
    }
}
