import ArrayFiles
import FMRIWorkflow
import LinearAlgebra
import Signal

/// Confound regressors of one run from an fMRIPrep confounds TSV, chosen as `timeseries`
/// chooses them (explicit columns, or nilearn `load_confounds` strategies, nilearn's default
/// strategy when neither is given). Scrubbing and non-steady-state volumes become the run's
/// kept frames (nilearn `sample_masks`: the design is built over all frames, then the censored
/// rows are removed from it and from the data).
public struct GLMConfoundSelection: Sendable, Equatable {
    public var columns: [String]? = nil
    public var strategy: [String]? = nil
    public var strategyOptions = ConfoundStrategyOptions()
    public var fdThreshold: Double? = nil
    public init(columns: [String]? = nil, strategy: [String]? = nil, strategyOptions: ConfoundStrategyOptions = ConfoundStrategyOptions(), fdThreshold: Double? = nil) {
        self.columns = columns; self.strategy = strategy; self.strategyOptions = strategyOptions; self.fdThreshold = fdThreshold
    }

    /// The regressors (frames x k), their names, and the kept frames (nil: all).
    public func load(path: String, volumes n: Int) throws -> (matrix: Matrix<Double>, names: [String], keptFrames: [Int]?) {
        let sel: ConfoundSelection
        var hasScrub = false
        do {
            if let c = columns {
                guard !c.isEmpty else { throw GLMError.invalidParameter("--confound-columns is empty") }
                sel = try FMRIPrepConfounds.columns(c, tsv: path)
            } else {
                let s = try strategy.map { try strategyOptions.strategy($0, fdThreshold: fdThreshold) } ?? ConfoundStrategy.nilearnDefault
                hasScrub = s.scrub != nil
                sel = try FMRIPrepConfounds.load(tsv: path, strategy: s)
            }
        } catch let e as GLMError { throw e } catch {
            throw "\(error)".contains(path) ? error : GLMError.badInput(path: path, detail: "\(error)")
        }
        guard sel.matrix.rows == n else {
            throw GLMError.badInput(path: path, detail: "the confounds table has \(sel.matrix.rows) rows but the BOLD run has \(n) volumes")
        }
        var kept = sel.sampleMask
        if let fd = fdThreshold, !hasScrub {
            // As `timeseries`: --fd-threshold without the scrub strategy censors the volumes
            // whose framewise displacement exceeds it (n/a in the first row counts as 0).
            let table = try DelimitedTable.read(path, separator: "\t")
            guard table.columns.contains("framewise_displacement") else {
                throw GLMError.badInput(path: path, detail: "--fd-threshold needs a 'framewise_displacement' column")
            }
            let fdValues = try table.numericColumn("framewise_displacement", file: path)
            let base = Set(kept ?? Array(0..<n))
            kept = (0..<n).filter { base.contains($0) && !((fdValues[$0].isNaN ? 0 : fdValues[$0]) > fd) }
            if kept?.count == n { kept = nil }
        }
        if let m = kept, m.isEmpty { throw GLMError.badInput(path: path, detail: "every volume is censored") }
        return (sel.matrix, sel.names, kept)
    }
}
