import ArgumentParser
import FMRIWorkflow
import Foundation
import Signal

/// The confound options shared by `timeseries`, `connectivity`, `voxelgraph`, `seedmap` (through
/// `CleaningFlags`) and `glm`: an fMRIPrep confounds TSV per run, and either explicit columns or
/// nilearn `load_confounds` strategies.
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
