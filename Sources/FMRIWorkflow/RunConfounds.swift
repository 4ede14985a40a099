import ArrayFiles
import LinearAlgebra
import Signal

/// The confounds of one run, chosen as the CLI options say:
///
/// * `--confound-columns a,b,c`: those columns (`FMRIPrepConfounds.columns`);
/// * `--confound-strategy motion,wm_csf,scrub,...`: nilearn `load_confounds` strategies
///   (`FMRIPrepConfounds.load`), with `--fd-threshold` as the scrubbing FD threshold;
/// * neither: nilearn's `load_confounds` default strategy (motion full + wm_csf + high_pass).
///
/// `--fd-threshold` without the `scrub` strategy censors the volumes whose framewise
/// displacement exceeds it (FD `n/a` in the first row counts as 0), with no segment rule:
/// the sample mask of the shared fixtures' `full` option set.
public struct RunConfounds: Sendable {
    public let matrix: Matrix<Double>
    public let columns: [String]
    public let sampleMask: [Int]?
    public let censoredVolumes: [Int]
    public let warnings: [String]

    /// Public for the voxel-graph stage, which cleans voxel series with the same confounds.
    public static func load(path: String, volumes n: Int, parameters p: FCParameters) throws -> RunConfounds {
        if p.confoundColumns != nil && p.confoundStrategy != nil {
            throw FMRIWorkflowError.invalidParameter("give either --confound-columns or --confound-strategy, not both")
        }
        if let fd = p.fdThreshold, !(fd >= 0) {
            throw FMRIWorkflowError.invalidParameter("--fd-threshold must be a non-negative number of mm, got \(fd)")
        }
        var selection: ConfoundSelection
        var strategyHasScrub = false
        do {
            if let cols = p.confoundColumns {
                guard !cols.isEmpty else { throw FMRIWorkflowError.invalidParameter("--confound-columns is empty") }
                selection = try FMRIPrepConfounds.columns(cols, tsv: path)
            } else {
                let strategy: ConfoundStrategy
                if let names = p.confoundStrategy {
                    strategy = try p.strategyOptions.strategy(names, fdThreshold: p.fdThreshold)
                } else {
                    strategy = ConfoundStrategy.nilearnDefault
                }
                strategyHasScrub = strategy.scrub != nil
                selection = try FMRIPrepConfounds.load(tsv: path, strategy: strategy)
            }
        } catch let e as FMRIWorkflowError {
            throw e
        } catch {
            // Signal's errors already name the file; others get it added.
            if "\(error)".contains(path) { throw error }
            throw FMRIWorkflowError.badInput(path: path, detail: "\(error)")
        }
        guard selection.matrix.rows == n else {
            throw FMRIWorkflowError.badInput(path: path, detail: "the confounds table has \(selection.matrix.rows) rows but the BOLD run has \(n) volumes")
        }
        var censored = Set(selection.censoredVolumes)
        if let fd = p.fdThreshold, !strategyHasScrub {
            let table = try DelimitedTable.read(path, separator: "\t")
            guard table.columns.contains("framewise_displacement") else {
                throw FMRIWorkflowError.badInput(path: path, detail: "--fd-threshold needs a 'framewise_displacement' column")
            }
            let values = try table.numericColumn("framewise_displacement", file: path)
            for (i, v) in values.enumerated() where (v.isNaN ? 0 : v) > fd { censored.insert(i) }
        }
        let mask: [Int]? = censored.isEmpty ? nil : (0..<n).filter { !censored.contains($0) }
        if let m = mask, m.isEmpty {
            throw FMRIWorkflowError.badInput(path: path, detail: "every volume is censored (FD threshold \(p.fdThreshold.map { "\($0)" } ?? "default") mm)")
        }
        return RunConfounds(matrix: selection.matrix, columns: selection.names, sampleMask: mask,
                            censoredVolumes: censored.sorted(), warnings: [])
    }
}
