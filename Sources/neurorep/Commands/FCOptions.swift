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

    @Option(name: .customLong("t-r"), help: "Repetition time in seconds (default: each run's header TR).")
    var tR: Double?

    @Flag(name: .long, help: "Remove mean and linear trend.")
    var detrend = false

    @Option(name: .long, help: "Final scaling: none, zscore_sample, zscore, psc.")
    var standardize: String = "none"

    @Option(name: .customLong("high-pass"), help: "High-pass cutoff (Hz).")
    var highPass: Double?

    @Option(name: .customLong("low-pass"), help: "Low-pass cutoff (Hz).")
    var lowPass: Double?

    @Option(name: .long, help: "Filter for --high-pass/--low-pass: butterworth (order 5, zero phase) or cosine (drift regressors, high-pass only).")
    var filter: String = "butterworth"

    @Option(name: .customLong("dummy-scans"), help: "Volumes to drop from the start of each run before anything else.")
    var dummyScans: Int = 0

    @OptionGroup var confoundOptions: ConfoundOptions

    @Option(name: .customLong("censored-interpolation"), help: "How censored volumes are filled before filtering: corrected (every censored volume inside the kept span) or nilearn (nilearn 0.14.1's behaviour, bug for bug; see Sources/Signal/README.md).")
    var censoredInterpolation: String = "corrected"

    @Option(name: .long, help: "Output folder.")
    var out: String

    func validate() throws {
        guard !bold.isEmpty else { throw ValidationError("--bold: give at least one BOLD run") }
        guard LabelsMaskerOptions.Strategy(rawValue: strategy) != nil else { throw ValidationError("--strategy must be mean or median, got '\(strategy)'") }
        guard LabelsMaskerOptions.NonFinitePolicy(rawValue: nanPolicy) != nil else { throw ValidationError("--nan-policy must be zero, omit or error, got '\(nanPolicy)'") }
        guard LabelsMaskerOptions.LostLabelPolicy(rawValue: lostLabels) != nil else { throw ValidationError("--lost-labels must be drop or nan, got '\(lostLabels)'") }
        guard Standardization(rawValue: standardize) != nil else {
            throw ValidationError("--standardize must be one of \(Standardization.allCases.map(\.rawValue).joined(separator: ", ")), got '\(standardize)'")
        }
        guard TemporalFilterMethod(rawValue: filter) != nil else { throw ValidationError("--filter must be butterworth or cosine, got '\(filter)'") }
        if let m = minCoverage, !(0...1).contains(m) { throw ValidationError("--min-coverage must be between 0 and 1, got \(m)") }
        if let t = tR, !(t > 0) { throw ValidationError("--t-r must be a positive number of seconds, got \(t)") }
        for (name, v) in [("--high-pass", highPass), ("--low-pass", lowPass)] {
            if let v, !(v > 0) { throw ValidationError("\(name) must be a positive frequency in Hz, got \(v)") }
        }
        if dummyScans < 0 { throw ValidationError("--dummy-scans must be >= 0") }
        guard ["corrected", "nilearn"].contains(censoredInterpolation) else {
            throw ValidationError("--censored-interpolation must be corrected or nilearn, got '\(censoredInterpolation)'")
        }
        try confoundOptions.validate(runs: bold.count)
    }

    /// The library parameters (connectivity fields at their defaults).
    var parameters: FCParameters {
        var p = FCParameters(atlasPath: atlas, lookupPath: labels, maskPath: mask, atlasName: atlasName)
        p.masker = LabelsMaskerOptions(strategy: LabelsMaskerOptions.Strategy(rawValue: strategy)!,
                                       nonFinite: LabelsMaskerOptions.NonFinitePolicy(rawValue: nanPolicy)!,
                                       lostLabels: LabelsMaskerOptions.LostLabelPolicy(rawValue: lostLabels)!,
                                       minCoverage: minCoverage)
        p.cleaning = CleaningOptions(dummyScans: dummyScans, detrend: detrend, standardize: Standardization(rawValue: standardize)!,
                                     highPass: highPass, lowPass: lowPass, filter: TemporalFilterMethod(rawValue: filter)!,
                                     repetitionTime: tR)
        let c = confoundOptions
        p.confoundsPaths = c.confounds
        p.confoundColumns = c.confoundColumns.map(Self.commaList)
        p.confoundStrategy = c.confoundStrategy.map(Self.commaList)
        p.fdThreshold = c.fdThreshold
        p.strategyOptions = (try? c.strategyOptions) ?? ConfoundStrategyOptions()
        p.cleaning.nilearnInterpolationQuirk = censoredInterpolation == "nilearn"
        return p
    }

    static func commaList(_ s: String) -> [String] {
        s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
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

/// The confound options shared by `timeseries`, `connectivity` and `glm`: an fMRIPrep confounds
/// TSV per run, and either explicit columns or nilearn `load_confounds` strategies.
struct ConfoundOptions: ParsableArguments {
    @Option(name: .long, parsing: .upToNextOption, help: "fMRIPrep confounds TSV, one per BOLD run in the same order.")
    var confounds: [String] = []

    @Option(name: .customLong("confound-columns"), help: "Comma list of confound columns to regress out.")
    var confoundColumns: String?

    @Option(name: .customLong("confound-strategy"), help: "Comma list of load_confounds strategies: motion, wm_csf, global_signal, high_pass, compcor, scrub, non_steady_state. Default with --confounds and no columns: motion,high_pass,wm_csf.")
    var confoundStrategy: String?

    @Option(name: .customLong("fd-threshold"), help: "Censor volumes whose framewise displacement exceeds this (mm); with the scrub strategy, its FD threshold.")
    var fdThreshold: Double?

    @Option(help: "Motion model of the motion strategy: basic (6), derivatives (12), power2 (12), full (24).")
    var motion: String = "full"

    @Option(name: .customLong("wm-csf"), help: "Model of the wm_csf strategy: basic, derivatives, power2, full.")
    var wmCSF: String = "basic"

    @Option(name: .customLong("global-signal"), help: "Model of the global_signal strategy: basic, derivatives, power2, full.")
    var globalSignal: String = "basic"

    @Option(help: "CompCor variant: anat_combined, anat_separated, temporal, temporal_anat_combined, temporal_anat_separated.")
    var compcor: String = "anat_combined"

    @Option(name: .customLong("n-compcor"), help: "CompCor components per mask: all, a number, or a variance fraction below 1 (e.g. 0.5).")
    var nCompcor: String = "all"

    @Option(name: .customLong("std-dvars-threshold"), help: "Scrubbing: standardised DVARS threshold (negative: FD only).")
    var stdDVARSThreshold: Double = 1.5

    @Option(name: .customLong("scrub-segment"), help: "Scrubbing: minimum length of a kept segment (volumes).")
    var scrubSegment: Int = 5

    /// The load_confounds options from the flags.
    var strategyOptions: ConfoundStrategyOptions {
        get throws {
            try ConfoundStrategyOptions.parse(motion: motion, wmCSF: wmCSF, globalSignal: globalSignal, compCor: compcor,
                                              nCompCor: nCompcor, stdDVARSThreshold: stdDVARSThreshold < 0 ? nil : stdDVARSThreshold,
                                              scrubSegment: scrubSegment)
        }
    }

    func validate() throws {
        if let fd = fdThreshold, !(fd >= 0) { throw ValidationError("--fd-threshold must be non-negative (mm), got \(fd)") }
        do { _ = try strategyOptions } catch { throw ValidationError("\(error)") }
        if confoundColumns != nil && confoundStrategy != nil { throw ValidationError("give either --confound-columns or --confound-strategy, not both") }
        if confounds.isEmpty && (confoundColumns != nil || confoundStrategy != nil || fdThreshold != nil) {
            throw ValidationError("--confound-columns, --confound-strategy and --fd-threshold need --confounds")
        }
    }

    /// One confounds file per run, in the same order.
    func validate(runs: Int) throws {
        if !confounds.isEmpty && confounds.count != runs {
            throw ValidationError("--confounds: \(confounds.count) file(s) for \(runs) --bold run(s); give one per run, in the same order")
        }
    }
}
