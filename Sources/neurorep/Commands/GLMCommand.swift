import ArgumentParser
import FMRIWorkflow
import Foundation
import GLM

/// `neurorep glm`: first-level GLM of task runs from BIDS events (nilearn 0.14.1
/// FirstLevelModel semantics), contrast maps and optional single-trial beta series.
struct GLMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "glm",
        abstract: "First-level GLM from BIDS events: condition and contrast maps (effect, variance, t, z, p), runs combined by fixed effects, and single-trial beta series (LSA / LSS), with nilearn FirstLevelModel's semantics and defaults.",
        discussion: """
        Writes <out>/<entities>_design.tsv per run; <entities>_contrast-<name>_stat-<effect|variance|t|z|p>_statmap.nii.gz \
        per condition and --contrast (the statistics chosen with --stats, default all five; several runs combined by fixed \
        effects; their names drop run-); with --beta-series, \
        <entities>_desc-<lsa|lss>_stat-effect_statmap.nii.gz (4D, one volume per trial in events order) and \
        <entities>_desc-<lsa|lss>_trials.tsv. Every output has a .json provenance sidecar. Nothing is written if any run fails.
        """
    )

    @Option(name: .long, parsing: .upToNextOption, help: "BOLD runs (4D NIfTI), one or more.")
    var bold: [String] = []

    @Option(name: .long, parsing: .upToNextOption, help: "BIDS events.tsv (onset, duration, trial_type, optional modulation), one per run in the same order.")
    var events: [String] = []

    @Option(name: .customLong("t-r"), parsing: .unconditional, help: "Repetition time in seconds (must agree with the runs' headers).")
    var tR: Double

    @Option(name: .long, help: "Brain mask (non-zero = inside). Default: every voxel that varies over time.")
    var mask: String?

    @Option(name: .long, help: "HRF model: glover, spm, 'glover + derivative', 'spm + derivative', 'glover + derivative + dispersion', 'spm + derivative + dispersion', fir.")
    var hrf: String = "glover"

    @Option(name: .customLong("fir-delays"), help: "Comma list of FIR delays in scans (with --hrf fir).")
    var firDelays: String = "0"

    @Option(name: .long, help: "Drift model: cosine, polynomial or none.")
    var drift: String = "cosine"

    @Option(name: .customLong("high-pass"), parsing: .unconditional, help: "High-pass cutoff of the cosine drift (Hz).")
    var highPass: Double = 0.01

    @Option(name: .customLong("drift-order"), help: "Order of the polynomial drift.")
    var driftOrder: Int = 1

    @Option(name: .customLong("noise-model"), help: "ar1 or ols.")
    var noiseModel: String = "ar1"

    @Option(name: .customLong("signal-scaling"), help: "0 (each voxel to percent of its mean), 1 (each volume over voxels) or none.")
    var signalScaling: String = "0"

    @OptionGroup var confoundOptions: ConfoundOptions

    @Option(name: .long, help: "A contrast NAME=EXPR over design columns, e.g. faceVsHouse='face - house' (repeatable).")
    var contrast: [String] = []

    @Option(name: .long, help: "Comma list of the statistics written per condition and contrast: effect, variance, t, z, p (e.g. effect,variance,z, what nilearn's compute_contrast examples save).")
    var stats: String = "effect,variance,t,z,p"

    @Option(name: .customLong("beta-series"), help: "Single-trial patterns: lsa or lss.")
    var betaSeries: String?

    @Option(name: .long, help: "Output folder.")
    var out: String

    func validate() throws {
        guard !bold.isEmpty else { throw ValidationError("--bold: give at least one BOLD run") }
        guard events.count == bold.count else { throw ValidationError("--events: \(events.count) file(s) for \(bold.count) --bold run(s); give one per run, in the same order") }
        guard tR > 0, tR.isFinite else { throw ValidationError("--t-r must be a positive number of seconds, got \(tR)") }
        do { _ = try parameters } catch { throw ValidationError("\(error)") }
        try confoundOptions.validate(runs: bold.count)
    }

    var parameters: GLMParameters {
        get throws {
            var p = GLMParameters(boldPaths: bold, eventsPaths: events, repetitionTime: tR)
            p.maskPath = mask
            // Empty fields kept ("1,,2" is a typo to report, not the delays 1 and 2).
            let delays = try firDelays.split(separator: ",", omittingEmptySubsequences: false).map { s -> Int in
                guard let d = Int(s.trimmingCharacters(in: .whitespaces)) else { throw GLMError.invalidParameter("--fir-delays must be a comma list of whole numbers of scans, got '\(firDelays)'") }
                return d
            }
            p.options.design.hrf = try HRFModel(name: hrf, firDelays: delays)
            switch drift {
            case "cosine":
                guard highPass > 0, highPass.isFinite else { throw GLMError.invalidParameter("--high-pass must be a positive frequency in Hz, got \(highPass)") }
                p.options.design.drift = .cosine(highPass: highPass)
            case "polynomial":
                guard driftOrder >= 0 else { throw GLMError.invalidParameter("--drift-order must be >= 0, got \(driftOrder)") }
                p.options.design.drift = .polynomial(order: driftOrder)
            case "none": p.options.design.drift = .none
            default: throw GLMError.invalidParameter("--drift must be cosine, polynomial or none, got '\(drift)'")
            }
            guard let nm = NoiseModel(rawValue: noiseModel) else { throw GLMError.invalidParameter("--noise-model must be ar1 or ols, got '\(noiseModel)'") }
            p.options.noise = nm
            guard let sc = SignalScaling(rawValue: signalScaling) else { throw GLMError.invalidParameter("--signal-scaling must be 0, 1 or none, got '\(signalScaling)'") }
            p.options.scaling = sc
            p.contrasts = try contrast.map { c in
                guard let eq = c.firstIndex(of: "="), eq != c.startIndex else {
                    throw GLMError.invalidParameter("--contrast must be NAME=EXPR (e.g. faceVsHouse='face - house'), got '\(c)'")
                }
                let name = String(c[..<eq]).trimmingCharacters(in: .whitespaces)
                guard name.unicodeScalars.allSatisfy({ $0.isASCII && CharacterSet.alphanumerics.contains($0) }) else {
                    throw GLMError.invalidParameter("--contrast name '\(name)' must be letters and digits only (it becomes contrast-<name> in file names)")
                }
                return ContrastSpec(name: name, expression: String(c[c.index(after: eq)...]).trimmingCharacters(in: .whitespaces))
            }
            p.statistics = try GLMStatistic.list(stats)
            if let b = betaSeries {
                guard let m = BetaSeries.Method(rawValue: b) else { throw GLMError.invalidParameter("--beta-series must be lsa or lss, got '\(b)'") }
                p.betaSeries = m
            }
            let c = confoundOptions
            p.confoundsPaths = c.confounds
            p.confounds = GLMConfoundSelection(columns: c.confoundColumns.map(FCInputOptions.commaList),
                                               strategy: c.confoundStrategy.map(FCInputOptions.commaList),
                                               strategyOptions: try c.strategyOptions, fdThreshold: c.fdThreshold)
            return p
        }
    }

    func run() throws {
        do {
            let p = try parameters
            let checksums = InputChecksums(paths: p.boldPaths + p.eventsPaths + p.confoundsPaths + [p.maskPath].compactMap { $0 })
            let results = try GLMWorkflow.run(p)
            let written = try GLMExport.write(results, parameters: p, command: "neurorep glm", outputFolder: out, checksums: checksums)
            for w in results.warnings { FileHandle.standardError.write(Data("warning: \(w)\n".utf8)) }
            for r in results.runs {
                print("\(r.prefix): \(r.design.matrix.rows) volumes, \(r.design.columns.count) regressors, \(results.mask.indices.count) voxels, dof \(r.dof)" +
                      (r.betaSeries != nil ? ", \(r.trials.count) trials" : ""))
            }
            print("\(results.contrasts.count) contrasts; wrote \(written.count) files to \(out)")
        } catch {
            throw CLIError(error)
        }
    }
}
