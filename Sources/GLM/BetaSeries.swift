import Foundation
import LinearAlgebra

/// Single-trial response patterns (beta series), nilearn's recipe
/// (`examples/07_advanced/plot_beta_series.py`).
///
/// * `lsa` (least squares all): one model in which every trial is its own condition
///   (`<condition>__<nnn>`, numbered from 001 within each condition in events order).
/// * `lss` (least squares separate): one model per trial, in which the trial of interest is its
///   own condition and every other trial keeps its condition's regressor.
///
/// How LSS is computed (and what is exact):
/// * OLS with `glover`/`spm` (one regressor per event, no orthogonalisation, so a condition's
///   regressor is the sum of its trials' regressors): the trial model spans the same columns as
///   the standard design `X` plus the trial's regressor `x_i`, reparametrised. By
///   Frisch-Waugh-Lovell, with `g_i = pinv(X) x_i`, `r_i = x_i - X g_i` and the standard fit
///   `B0 = pinv(X) Y`, the trial's coefficient is `a_i = gamma_i (1 - g_i[c]) + B0[c]` where
///   `gamma_i = r_i'Y / r_i'r_i` and c is the trial's condition column. `R'Y` for all trials is
///   one matrix product per block, so a trial costs O(p V) instead of a refit (O(T p V)). This is
///   nilearn's OLS answer up to rounding (tested to 1e-6 of the effects' scale). A condition with
///   a single trial gives `B0[c]` (its LSS model is the standard one).
/// * AR(1) with `glover`/`spm`: each trial model's own OLS residuals, rho and whitened refit
///   follow from shared products too (`LSSAR1`), so no trial model is refitted either.
/// * HRFs with derivatives (their orthogonalisation is not linear in the events): each trial
///   model is built and fitted (OLS or AR(1)) block by block, as nilearn does — exact, and as slow
///   as nilearn's per-trial work (but with one read of the data).
public enum BetaSeries {
    public enum Method: String, Sendable, CaseIterable { case lsa, lss }

    /// One trial: its events-order index, condition, name and event.
    public struct Trial: Sendable, Equatable {
        public var index: Int
        public var condition: String
        /// `<condition>__<nnn>`, nnn counting from 001 within the condition.
        public var name: String
        public var event: Event
    }

    /// The trials of an events table, in events order, with LSA names.
    public static func trials(_ events: [Event]) -> [Trial] {
        var counter: [String: Int] = [:]
        return events.enumerated().map { i, e in
            counter[e.trialType, default: 0] += 1
            return Trial(index: i, condition: e.trialType, name: String(format: "%@__%03d", e.trialType, counter[e.trialType]!), event: e)
        }
    }

    /// Single-trial patterns need one response column per trial; `fir` has one per delay (nilearn's
    /// recipe would give trials x delays maps), so it is refused before any data is read.
    public static func check(_ options: GLMOptions) throws {
        if options.design.hrf.isFIR {
            throw GLMError.invalidParameter("single-trial patterns (beta series) need one response regressor per trial; the fir model has one per delay: use glover or spm, with or without derivatives")
        }
    }

    /// Trial effects, trials x voxels (events order), for one run. With `keptFrames` (censored
    /// volumes removed, nilearn's `sample_masks`), `run` holds only those frames and the designs
    /// are built over all `designVolumes` frames, then restricted to them.
    public static func effects(method: Method, run: MaskedRun, events: [Event], repetitionTime tr: Double, options: GLMOptions,
                               confounds: Matrix<Double>? = nil, confoundNames: [String] = [], keptFrames: [Int]? = nil,
                               designVolumes: Int? = nil, refitEveryTrial: Bool = false) throws -> Matrix<Double> {
        try check(options)
        let ts = trials(events)
        func design(_ ev: [Event]) throws -> DesignMatrix {
            let d = try DesignMatrix.make(events: ev, volumes: designVolumes ?? run.volumes,
                                          repetitionTime: tr, options: options.design, confounds: confounds, confoundNames: confoundNames)
            return keptFrames.map { d.keepingFrames($0) } ?? d
        }
        var out = Matrix<Double>(rows: ts.count, columns: run.voxels)
        switch method {
        case .lsa:
            var ev = events
            for t in ts { ev[t.index].trialType = t.name }
            let d = try design(ev)
            let cols = try ts.map { t -> Int in
                guard let c = d.columns.firstIndex(of: t.name) else { throw GLMError.invalidParameter("trial \(t.name) has no design column") }
                return c
            }
            let fitter = try BlockFitter(design: d.matrix, noise: options.noise)
            try FirstLevelGLM.forEachBlock(run, options: options) { start, y in
                let fit = try fitter.fit(y)
                for (i, c) in cols.enumerated() { for j in 0..<y.columns { out[i, start + j] = fit.beta[c, j] } }
            }
        case .lss:
            // `refitEveryTrial`: the reference path (one model per trial), for tests and doubters.
            let linear = [HRFModel.glover, .spm].contains(options.design.hrf) && !refitEveryTrial
            if linear {
                try lssFast(run: run, trials: ts, standard: try design(events), trialDesign: { try design([$0]) }, options: options, into: &out)
            } else {
                var fitters: [(BlockFitter, Int)] = []
                for t in ts {
                    var ev = events
                    ev[t.index].trialType = t.name
                    let d = try design(ev)
                    guard let c = d.columns.firstIndex(of: t.name) else { throw GLMError.invalidParameter("trial \(t.name) has no design column") }
                    fitters.append((try BlockFitter(design: d.matrix, noise: options.noise), c))
                }
                try FirstLevelGLM.forEachBlock(run, options: options) { start, y in
                    for (i, (f, c)) in fitters.enumerated() {
                        let fit = try f.fit(y)
                        for j in 0..<y.columns { out[i, start + j] = fit.beta[c, j] }
                    }
                }
            }
        }
        return out
    }

    /// LSS through Frisch-Waugh-Lovell on the standard design (see the type's documentation);
    /// AR(1) in `LSSAR1`.
    static func lssFast(run: MaskedRun, trials ts: [Trial], standard: DesignMatrix, trialDesign: (Event) throws -> DesignMatrix,
                        options: GLMOptions, into out: inout Matrix<Double>) throws {
        let x = standard.matrix
        let t = x.rows
        // Trial regressors: the first column of a one-event design.
        var trialRegs = Matrix<Double>(rows: t, columns: ts.count)
        for (i, tr) in ts.enumerated() {
            var e = tr.event; e.trialType = tr.condition
            let d = try trialDesign(e)
            for s in 0..<t { trialRegs[s, i] = d.matrix[s, 0] }
        }
        if options.noise == .ar1 {
            let cols = try ts.map { tr -> Int in
                guard let c = standard.columns.firstIndex(of: tr.condition) else { throw GLMError.invalidParameter("condition \(tr.condition) has no design column") }
                return c
            }
            try LSSAR1.effects(run: run, trials: ts, standard: standard, trialRegressors: trialRegs, conditionColumn: cols, options: options, into: &out)
            return
        }
        let pinv = try x.pseudoinverse()                       // p x T
        let g = pinv * trialRegs                               // p x N
        let resid = trialRegs - x * g                          // T x N: r_i = x_i - X g_i
        var conditionColumn: [Int] = []
        var gc: [Double] = []
        var rr: [Double] = []
        var single: [Bool] = []
        for (i, tr) in ts.enumerated() {
            guard let c = standard.columns.firstIndex(of: tr.condition) else { throw GLMError.invalidParameter("condition \(tr.condition) has no design column") }
            conditionColumn.append(c)
            gc.append(g[c, i])
            var s = 0.0, xx = 0.0
            for k in 0..<t { s += resid[k, i] * resid[k, i]; xx += trialRegs[k, i] * trialRegs[k, i] }
            rr.append(s)
            single.append(s <= 1e-12 * xx)
        }
        try FirstLevelGLM.forEachBlock(run, options: options) { start, y in
            let b0 = pinv * y                                  // p x B
            let ry = resid.multiplied(by: y, transposeSelf: true)   // N x B
            for i in 0..<ts.count {
                let c = conditionColumn[i]
                for j in 0..<y.columns {
                    out[i, start + j] = single[i] ? b0[c, j] : (ry[i, j] / rr[i]) * (1 - gc[i]) + b0[c, j]
                }
            }
        }
    }
}
