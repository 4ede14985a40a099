import Foundation
import LinearAlgebra

/// A first-level design matrix: frames x regressors with column names, as nilearn 0.14.1's
/// `make_first_level_design_matrix` builds it: condition regressors (conditions in sorted order,
/// each expanded by the HRF model), then confounds, then drifts ending in `constant`.
public struct DesignMatrix: Sendable, Equatable {
    public var matrix: Matrix<Double>
    public var columns: [String]
    /// Frame times in seconds (`np.linspace(0, (n - 1) * TR, n)`, slice_time_ref 0).
    public var frameTimes: [Double]
    /// For each condition, the indices of its columns.
    public var conditionColumns: [(condition: String, columns: [Int])]

    public static func == (a: DesignMatrix, b: DesignMatrix) -> Bool {
        a.matrix == b.matrix && a.columns == b.columns && a.frameTimes == b.frameTimes
    }
}

/// Options of a design matrix, nilearn's defaults.
public struct DesignOptions: Sendable, Equatable {
    public var hrf: HRFModel = .glover
    public var drift: DriftModel = .cosine(highPass: 0.01)
    public var oversampling: Int = 50
    public var minOnset: Double = -24
    public init(hrf: HRFModel = .glover, drift: DriftModel = .cosine(highPass: 0.01), oversampling: Int = 50, minOnset: Double = -24) {
        self.hrf = hrf; self.drift = drift; self.oversampling = oversampling; self.minOnset = minOnset
    }
}

extension DesignMatrix {
    /// The frame times of a run: `np.linspace(0, (n - 1) * TR, n)`.
    public static func frameTimes(volumes n: Int, repetitionTime tr: Double) -> [Double] {
        Linspace.values(0, Double(n - 1) * tr, n)
    }

    /// Builds the design of one run. `confounds` (frames x k) with `confoundNames` are added
    /// between the condition and drift regressors. Conditions are given explicitly so that all
    /// runs share one column order (nilearn: the sorted conditions of each run's events).
    ///
    /// A condition regressor that is 0 at every frame is refused (`eventsPath` names the file in
    /// the error): a FIR delay, or events, that put the whole response after the run's last
    /// frame. nilearn keeps such a column and its `full_rank` regularisation turns it into
    /// round-off noise, whose effect, t and z maps are finite numbers that mean nothing.
    public static func make(events: [Event], conditions: [String]? = nil, volumes n: Int, repetitionTime tr: Double,
                            options o: DesignOptions = DesignOptions(),
                            confounds: Matrix<Double>? = nil, confoundNames: [String] = [], eventsPath: String? = nil) throws -> DesignMatrix {
        guard n >= 2 else { throw GLMError.invalidParameter("a run needs at least 2 volumes to build a design, got \(n)") }
        guard tr > 0, tr.isFinite else { throw GLMError.invalidParameter("TR must be a positive number of seconds, got \(tr)") }
        let ft = frameTimes(volumes: n, repetitionTime: tr)
        let conds = conditions ?? EventsTable.sortedUnique(events.map(\.trialType))
        var cols: [[Double]] = []
        var names: [String] = []
        var condCols: [(String, [Int])] = []
        for c in conds {
            let ev = events.filter { $0.trialType == c }
            let regs = try Regressors.compute(events: ev, hrf: o.hrf, frameTimes: ft, oversampling: o.oversampling, minOnset: o.minOnset)
            for (k, r) in regs.enumerated() where !r.contains(where: { $0 != 0 }) {
                let name = o.hrf.regressorNames(c)[k]
                let detail = "condition '\(c)': its regressor '\(name)' is 0 at every frame of the run (\(n) volumes x TR \(tr) s)"
                    + (o.hrf.isFIR ? ", as its FIR delay puts every event's window after the run's last frame; use delays shorter than the run" : "")
                    + "; a zero regressor cannot be estimated"
                if let eventsPath { throw GLMError.badEvent(path: eventsPath, row: ev.first?.line ?? 1, detail: detail) }
                throw GLMError.invalidParameter(detail)
            }
            condCols.append((c, Array(cols.count..<(cols.count + regs.count))))
            cols += regs
            names += o.hrf.regressorNames(c)
        }
        if let cf = confounds {
            guard cf.rows == n else { throw GLMError.invalidParameter("confounds have \(cf.rows) rows, the run has \(n) volumes") }
            guard cf.elements.allSatisfy({ $0.isFinite }) else { throw GLMError.invalidParameter("confound regressors contain NaN or infinite values") }
            for j in 0..<cf.columns { cols.append(cf.column(j)) }
            names += confoundNames.count == cf.columns ? confoundNames : (0..<cf.columns).map { "reg\($0)" }
        }
        let (drift, driftNames) = try o.drift.regressors(frameTimes: ft)
        for j in 0..<drift.columns { cols.append(drift.column(j)) }
        names += driftNames
        guard Set(names).count == names.count else {
            throw GLMError.invalidParameter("design matrix columns do not have unique names: \(names.joined(separator: ", "))")
        }
        var m = Matrix<Double>(rows: n, columns: cols.count) { t, j in cols[j][t] }
        m = try fullRank(m)
        return DesignMatrix(matrix: m, columns: names, frameTimes: ft, conditionColumns: condCols.map { (condition: $0.0, columns: $0.1) })
    }

    /// nilearn `full_rank(X, cmax=1e15)`: if the condition number reaches 1e15, the singular
    /// values are raised by `(smax - cmax smin) / (cmax - 1)` (regularised).
    static func fullRank(_ x: Matrix<Double>) throws -> Matrix<Double> {
        let cmax = 1e15
        let s = try x.svd()
        guard let smax = s.singularValues.max(), let smin = s.singularValues.min() else { return x }
        if smax / smin < cmax { return x }
        let lda = (smax - cmax * smin) / (cmax - 1)
        var us = s.u
        for i in 0..<us.rows { for j in 0..<us.columns { us[i, j] *= s.singularValues[j] + lda } }
        return us * s.vt
    }

    /// The design restricted to some frames (nilearn `sample_masks`: censored volumes removed).
    public func keepingFrames(_ frames: [Int]) -> DesignMatrix {
        var d = self
        d.matrix = Matrix(rows: frames.count, columns: matrix.columns) { i, j in matrix[frames[i], j] }
        d.frameTimes = frames.map { frameTimes[$0] }
        return d
    }
}

/// Condition regressors (`compute_regressor`): events sampled on an oversampled grid,
/// convolved with the HRF kernels, linearly interpolated at the frame times, and (except fir)
/// orthogonalised.
enum Regressors {
    static func compute(events: [Event], hrf: HRFModel, frameTimes ft: [Double], oversampling: Int, minOnset: Double) throws -> [[Double]] {
        let n = ft.count
        // _calculate_tr: the smallest frame spacing
        var tr = Double.infinity
        for i in 1..<n { tr = Swift.min(tr, ft[i] - ft[i - 1]) }
        let (hr, hrTimes) = sampleCondition(events: events, frameTimes: ft, oversampling: oversampling, minOnset: minOnset)
        let kernels = hrf.kernels(repetitionTime: tr, oversampling: oversampling)
        var out: [[Double]] = []
        for h in kernels {
            let conv = convolveTruncated(hr, h)
            if hrf.isFIR && oversampling > 1 {
                let shifted = Array(conv[(oversampling - 1)...])
                let times = Array(hrTimes[0..<(hrTimes.count - (oversampling - 1))])
                out.append(interpolate(x: times, y: shifted, at: ft))
            } else {
                out.append(interpolate(x: hrTimes, y: conv, at: ft))
            }
        }
        if !hrf.isFIR && out.count > 1 {
            let m = try Orthogonalization.orthogonalize(Matrix(rows: n, columns: out.count) { t, j in out[j][t] })
            out = (0..<m.columns).map { m.column($0) }
        }
        return out
    }

    /// `_sample_condition`: the oversampled boxcar of (onset, duration, modulation) triplets.
    static func sampleCondition(events: [Event], frameTimes ft: [Double], oversampling: Int, minOnset: Double) -> ([Double], [Double]) {
        let n = ft.count
        let mini = ft.min()!, maxi = ft.max()!
        var nHigh = Double(n - 1) * 1.0 / (maxi - mini)
        nHigh *= (maxi * (1 + 1.0 / Double(n - 1)) - mini - minOnset) * Double(oversampling)
        nHigh += 1
        let count = Int(nHigh.rounded(.toNearestOrEven))
        let times = Linspace.values(mini + minOnset, maxi * (1 + 1.0 / Double(n - 1)), count)
        let tmax = times.count
        var reg = [Double](repeating: 0, count: tmax)
        let tOnset = events.map { Swift.min(searchSortedLeft(times, $0.onset), tmax - 1) }
        for (t, e) in zip(tOnset, events) { reg[t] += e.modulation }
        var tOffset = events.map { Swift.min(searchSortedLeft(times, $0.onset + $0.duration), tmax - 1) }
        for i in tOffset.indices where tOffset[i] < tmax - 1 && tOffset[i] == tOnset[i] { tOffset[i] += 1 }
        for (t, e) in zip(tOffset, events) { reg[t] -= e.modulation }
        var acc = 0.0
        for i in reg.indices { acc += reg[i]; reg[i] = acc }
        return (reg, times)
    }

    /// `np.searchsorted(a, v)` (side left): the first index with a[i] >= v.
    static func searchSortedLeft(_ a: [Double], _ v: Double) -> Int {
        var lo = 0, hi = a.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if a[mid] < v { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// `np.convolve(x, h)[:len(x)]`. The boxcar is piecewise constant and mostly zero, so only
    /// its non-zero samples are spread over the kernel.
    static func convolveTruncated(_ x: [Double], _ h: [Double]) -> [Double] {
        let n = x.count
        var out = [Double](repeating: 0, count: n)
        x.withUnsafeBufferPointer { xp in
            h.withUnsafeBufferPointer { hp in
                out.withUnsafeMutableBufferPointer { op in
                    for i in 0..<n {
                        let v = xp[i]
                        if v == 0 { continue }
                        let m = Swift.min(hp.count, n - i)
                        for j in 0..<m { op[i + j] += v * hp[j] }
                    }
                }
            }
        }
        return out
    }

    /// scipy `interp1d(x, y)(xNew)` (linear): `slope * (x_new - x_lo) + y_lo` between the
    /// bracketing samples (index from searchsorted, clipped to 1...len-1).
    static func interpolate(x: [Double], y: [Double], at xNew: [Double]) -> [Double] {
        xNew.map { v in
            var i = searchSortedLeft(x, v)
            i = Swift.max(1, Swift.min(x.count - 1, i))
            let lo = i - 1
            let slope = (y[i] - y[lo]) / (x[i] - x[lo])
            return slope * (v - x[lo]) + y[lo]
        }
    }
}
