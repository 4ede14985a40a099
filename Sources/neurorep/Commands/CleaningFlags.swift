import ArgumentParser
import FMRIWorkflow
import Foundation
import Signal

/// The `signal.clean` and confound flags, shared by `timeseries`, `connectivity`, `voxelgraph`
/// and `seedmap`, so that voxel series are cleaned exactly as ROI series are.
struct CleaningFlags: ParsableArguments {
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

    @Option(name: .customLong("censored-interpolation"), help: "How censored volumes are filled before filtering: corrected (every censored volume inside the kept span) or nilearn (nilearn 0.14.1's behaviour, bug for bug; see Sources/Signal/README.md).")
    var censoredInterpolation: String = "corrected"

    func validate() throws {
        guard Standardization(rawValue: standardize) != nil else {
            throw ValidationError("--standardize must be one of \(Standardization.allCases.map(\.rawValue).joined(separator: ", ")), got '\(standardize)'")
        }
        guard TemporalFilterMethod(rawValue: filter) != nil else { throw ValidationError("--filter must be butterworth or cosine, got '\(filter)'") }
        if let t = tR, !(t > 0) { throw ValidationError("--t-r must be a positive number of seconds, got \(t)") }
        for (name, v) in [("--high-pass", highPass), ("--low-pass", lowPass)] {
            if let v, !(v > 0) { throw ValidationError("\(name) must be a positive frequency in Hz, got \(v)") }
        }
        if let fd = fdThreshold, !(fd >= 0) { throw ValidationError("--fd-threshold must be non-negative (mm), got \(fd)") }
        if dummyScans < 0 { throw ValidationError("--dummy-scans must be >= 0") }
        do { _ = try strategyOptions } catch { throw ValidationError("\(error)") }
        guard ["corrected", "nilearn"].contains(censoredInterpolation) else {
            throw ValidationError("--censored-interpolation must be corrected or nilearn, got '\(censoredInterpolation)'")
        }
        if confoundColumns != nil && confoundStrategy != nil { throw ValidationError("give either --confound-columns or --confound-strategy, not both") }
        if confounds.isEmpty && (confoundColumns != nil || confoundStrategy != nil || fdThreshold != nil) {
            throw ValidationError("--confound-columns, --confound-strategy and --fd-threshold need --confounds")
        }
    }

    /// Sets the cleaning and confound fields of the fMRI-stage parameters.
    func apply(to p: inout FCParameters) {
        p.cleaning = CleaningOptions(dummyScans: dummyScans, detrend: detrend, standardize: Standardization(rawValue: standardize)!,
                                     highPass: highPass, lowPass: lowPass, filter: TemporalFilterMethod(rawValue: filter)!,
                                     repetitionTime: tR)
        p.confoundsPaths = confounds
        p.confoundColumns = confoundColumns.map(Self.commaList)
        p.confoundStrategy = confoundStrategy.map(Self.commaList)
        p.fdThreshold = fdThreshold
        p.strategyOptions = (try? strategyOptions) ?? ConfoundStrategyOptions()
        p.cleaning.nilearnInterpolationQuirk = censoredInterpolation == "nilearn"
    }

    /// The load_confounds options from the flags.
    var strategyOptions: ConfoundStrategyOptions {
        get throws {
            try ConfoundStrategyOptions.parse(motion: motion, wmCSF: wmCSF, globalSignal: globalSignal, compCor: compcor,
                                              nCompCor: nCompcor, stdDVARSThreshold: stdDVARSThreshold < 0 ? nil : stdDVARSThreshold,
                                              scrubSegment: scrubSegment)
        }
    }

    static func commaList(_ s: String) -> [String] {
        s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
