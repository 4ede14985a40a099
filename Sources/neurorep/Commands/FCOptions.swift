import ArgumentParser
import Connectivity
import FMRIWorkflow
import Foundation
import ROIExtraction
import Signal

/// Inputs and extraction options shared by `timeseries` and `connectivity`.
struct FCInputOptions: ParsableArguments {
    @Option(name: .long, parsing: .upToNextOption, help: "BOLD runs (4D NIfTI), one or more. Outputs are named from their BIDS entities (sub, ses, task, run).")
    var bold: [String] = []

    @Option(name: .long, help: "Atlas: a 3D label image (NiftiLabelsMasker) or 4D probabilistic maps on the BOLD grid (NiftiMapsMasker). Resampled to the BOLD grid by nearest neighbour if needed.")
    var atlas: String

    @Option(name: .long, help: "Look-up table for region names (BIDS dseg.tsv: columns index, name).")
    var labels: String?

    @Option(name: .long, help: "Brain mask (non-zero = inside); voxels outside count as background.")
    var mask: String?

    @Option(name: .customLong("atlas-name"), help: "Name in atlas-<name> of output files (default: the atlas file's atlas- entity or stem).")
    var atlasName: String?

    @Option(name: .long, help: "Region summary per volume: mean or median.")
    var strategy: String = "mean"

    @Option(name: .customLong("min-coverage"), help: "Regions whose fraction of usable voxels is below this (0-1) become NaN columns (XCP-D style).")
    var minCoverage: Double?

    @Option(name: .customLong("nan-policy"), help: "Non-finite BOLD values: zero (nilearn: count as 0, with a warning), omit (leave out of the mean), error.")
    var nanPolicy: String = "zero"

    @Option(name: .customLong("lost-labels"), help: "Atlas labels with no voxel on the BOLD grid: drop (nilearn) or nan (keep a NaN column).")
    var lostLabels: String = "drop"

    /// `signal.clean` and confound flags, shared with `voxelgraph` and `seedmap`.
    @OptionGroup var cleaning: CleaningFlags

    @Option(name: .long, help: "Output folder.")
    var out: String

    func validate() throws {
        guard !bold.isEmpty else { throw ValidationError("--bold: give at least one BOLD run") }
        guard LabelsMaskerOptions.Strategy(rawValue: strategy) != nil else { throw ValidationError("--strategy must be mean or median, got '\(strategy)'") }
        guard LabelsMaskerOptions.NonFinitePolicy(rawValue: nanPolicy) != nil else { throw ValidationError("--nan-policy must be zero, omit or error, got '\(nanPolicy)'") }
        guard LabelsMaskerOptions.LostLabelPolicy(rawValue: lostLabels) != nil else { throw ValidationError("--lost-labels must be drop or nan, got '\(lostLabels)'") }
        if let m = minCoverage, !(0...1).contains(m) { throw ValidationError("--min-coverage must be between 0 and 1, got \(m)") }
        try cleaning.confoundOptions.validate(runs: bold.count)
    }

    /// The library parameters (connectivity fields at their defaults).
    var parameters: FCParameters { get throws {
        var p = FCParameters(atlasPath: atlas, lookupPath: labels, maskPath: mask, atlasName: atlasName)
        p.masker = LabelsMaskerOptions(strategy: LabelsMaskerOptions.Strategy(rawValue: strategy)!,
                                       nonFinite: LabelsMaskerOptions.NonFinitePolicy(rawValue: nanPolicy)!,
                                       lostLabels: LabelsMaskerOptions.LostLabelPolicy(rawValue: lostLabels)!,
                                       minCoverage: minCoverage)
        try cleaning.apply(to: &p)
        return p
    } }

    static func commaList(_ s: String) -> [String] { CleaningFlags.commaList(s) }
}

/// Runs the stage and reports: warnings on stderr, one line per run and per output on stdout.
enum FCCommandRunner {
    static func run(inputs: FCInputOptions, parameters: FCParameters, command: String, connectivity: Bool) throws {
        let checksums = InputChecksums(paths: inputs.bold + [parameters.atlasPath] + [parameters.lookupPath, parameters.maskPath].compactMap { $0 } + parameters.confoundsPaths)
        do {
            let runs = try FCWorkflow.timeSeries(boldPaths: inputs.bold, parameters: parameters)
            let fc = connectivity ? try FCWorkflow.connectivity(runs: runs, parameters: parameters) : []
            let written = try FCExport.write(runs: runs, connectivity: fc, parameters: parameters, command: command,
                                             outputFolder: inputs.out, checksums: checksums)
            var warnings = runs.flatMap(\.warnings)
            for k in fc { warnings += k.result.warnings.map { "\(k.kind.rawValue): \($0)" } }
            for w in warnings { FileHandle.standardError.write(Data("warning: \(w)\n".utf8)) }
            for r in runs {
                let e = r.extraction
                let minCov = e.coverage.min() ?? 0
                print("\(r.prefix): \(e.volumes) volumes -> \(r.cleaned.rows) kept, \(e.regions) regions (\(e.nanColumns.count) NaN), min coverage \(String(format: "%.3f", minCov)), TR \(r.repetitionTime.map { "\($0) s" } ?? "n/a") (\(r.repetitionTimeSource))")
            }
            print("wrote \(written.count) files to \(inputs.out)")
        } catch {
            throw CLIError(error)
        }
    }
}
