import ArgumentParser
import FMRIWorkflow
import Foundation
import Signal

/// The `signal.clean` flags and the confound options, shared by `timeseries`, `connectivity`, `voxelgraph`
/// and `seedmap`, so that voxel series are cleaned exactly as ROI series are.
///
/// Numeric options are parsed `.unconditional`ly (here and in `voxelgraph`, `seedmap`, `glm`):
/// ArgumentParser would take a negative value ("-0.2", "-2,0,2") for a short option and report
/// "Missing value", refusing valid negative thresholds and coordinates and hiding the range
/// message of invalid ones.
struct CleaningFlags: ParsableArguments {
    @Option(name: .customLong("t-r"), parsing: .unconditional, help: "Repetition time in seconds (default: each run's header TR).")
    var tR: Double?

    @Flag(name: .long, help: "Remove mean and linear trend.")
    var detrend = false

    @Option(name: .long, help: "Final scaling: none, zscore_sample, zscore, psc.")
    var standardize: String = "none"

    @Option(name: .customLong("high-pass"), parsing: .unconditional, help: "High-pass cutoff (Hz).")
    var highPass: Double?

    @Option(name: .customLong("low-pass"), parsing: .unconditional, help: "Low-pass cutoff (Hz).")
    var lowPass: Double?

    @Option(name: .long, help: "Filter for --high-pass/--low-pass: butterworth (order 5, zero phase) or cosine (drift regressors, high-pass only).")
    var filter: String = "butterworth"

    @Option(name: .customLong("dummy-scans"), help: "Volumes to drop from the start of each run before anything else.")
    var dummyScans: Int = 0

    /// The confounds TSVs and load_confounds strategies (shared with `glm`).
    @OptionGroup var confoundOptions: ConfoundOptions

    @Option(name: .customLong("censored-interpolation"), help: "How censored volumes are filled before filtering: corrected (every censored volume inside the kept span) or nilearn (nilearn 0.14.1's behaviour, bug for bug; see Sources/Signal/README.md).")
    var censoredInterpolation: String = "corrected"

    func validate() throws {
        guard Standardization(rawValue: standardize) != nil else {
            throw ValidationError("--standardize must be one of \(Standardization.allCases.map(\.rawValue).joined(separator: ", ")), got '\(standardize)'")
        }
        guard TemporalFilterMethod(rawValue: filter) != nil else { throw ValidationError("--filter must be butterworth or cosine, got '\(filter)'") }
        // Finite as well as positive: an infinite TR or cutoff passes `> 0` but is no time or
        // frequency (inf TR was accepted and written to the sidecars).
        if let t = tR, !(t > 0 && t.isFinite) { throw ValidationError("--t-r must be a positive number of seconds, got \(t)") }
        for (name, v) in [("--high-pass", highPass), ("--low-pass", lowPass)] {
            if let v, !(v > 0 && v.isFinite) { throw ValidationError("\(name) must be a positive frequency in Hz, got \(v)") }
        }
        if dummyScans < 0 { throw ValidationError("--dummy-scans must be >= 0") }
        guard CensoredInterpolation(rawValue: censoredInterpolation) != nil else {
            throw ValidationError("--censored-interpolation must be one of \(CensoredInterpolation.allCases.map(\.rawValue).joined(separator: ", ")), got '\(censoredInterpolation)'")
        }
    }

    /// Sets the cleaning and confound fields of the fMRI-stage parameters.
    func apply(to p: inout FCParameters) throws {
        p.cleaning = CleaningOptions(dummyScans: dummyScans, detrend: detrend, standardize: Standardization(rawValue: standardize)!,
                                     highPass: highPass, lowPass: lowPass, filter: TemporalFilterMethod(rawValue: filter)!,
                                     repetitionTime: tR)
        let c = confoundOptions
        p.confoundsPaths = c.confounds
        p.confoundColumns = c.confoundColumns.map(Self.commaList)
        p.confoundStrategy = c.confoundStrategy.map(Self.commaList)
        p.fdThreshold = c.fdThreshold
        p.strategyOptions = try c.strategyOptions
        p.cleaning.censoredInterpolation = CensoredInterpolation(rawValue: censoredInterpolation)!
    }

    static func commaList(_ s: String) -> [String] {
        s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
