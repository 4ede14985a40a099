import LinearAlgebra

/// Temporal filter of `signal.clean` (nilearn's `filter` argument).
public enum TemporalFilterMethod: String, CaseIterable, Sendable {
    /// Zero-phase Butterworth (order `CleaningOptions.butterworthOrder`) low-, high- or band-pass.
    case butterworth
    /// Cosine drift regressors added to the confounds (high-pass only; low-pass is ignored
    /// with a warning, as nilearn does).
    case cosine
}

/// How censored volumes are filled before filtering: `corrected` interpolates every censored
/// volume inside the kept span; `nilearn` reproduces nilearn 0.14.1's index bug (it interpolates
/// the wrong volumes; see README), for parity checks only. The CLI's `--censored-interpolation`
/// and the pipeline's `censored_interpolation` take these words.
public enum CensoredInterpolation: String, CaseIterable, Sendable {
    case corrected
    case nilearn
}

/// Options of `SignalCleaning.clean`, named after nilearn's `signal.clean` arguments.
/// The defaults are those of nilearn's *maskers* (no detrend, no standardisation, no filter),
/// so an empty `CleaningOptions()` leaves the series unchanged.
public struct CleaningOptions: Sendable, Equatable {
    /// Volumes dropped from the start of signals, confounds and sample mask before anything
    /// else (dummy scans / non-steady-state volumes given as a count).
    public var dummyScans: Int = 0
    /// Remove mean and linear trend (signals and confounds).
    public var detrend: Bool = false
    /// Final scaling.
    public var standardize: Standardization = .none
    /// Z-score confounds (ddof=1) before regressing them out; if false they are divided by
    /// their largest absolute value (nilearn `standardize_confounds`).
    public var standardizeConfounds: Bool = true
    /// High-pass cutoff in Hz (Butterworth or cosine).
    public var highPass: Double? = nil
    /// Low-pass cutoff in Hz (Butterworth only).
    public var lowPass: Double? = nil
    /// Filter used for `highPass` / `lowPass`.
    public var filter: TemporalFilterMethod = .butterworth
    /// Butterworth order (nilearn: 5).
    public var butterworthOrder: Int = 5
    /// Repetition time in seconds; needed for filtering and for interpolating censored volumes.
    public var repetitionTime: Double? = nil
    /// How censored volumes are filled before filtering (`CensoredInterpolation`).
    public var censoredInterpolation: CensoredInterpolation = .corrected

    public init(dummyScans: Int = 0, detrend: Bool = false, standardize: Standardization = .none,
                standardizeConfounds: Bool = true, highPass: Double? = nil, lowPass: Double? = nil,
                filter: TemporalFilterMethod = .butterworth, butterworthOrder: Int = 5, repetitionTime: Double? = nil,
                censoredInterpolation: CensoredInterpolation = .corrected) {
        self.dummyScans = dummyScans
        self.detrend = detrend
        self.standardize = standardize
        self.standardizeConfounds = standardizeConfounds
        self.highPass = highPass
        self.lowPass = lowPass
        self.filter = filter
        self.butterworthOrder = butterworthOrder
        self.repetitionTime = repetitionTime
        self.censoredInterpolation = censoredInterpolation
    }
}

/// Output of `SignalCleaning.clean`.
public struct CleanedSignals: Sendable {
    /// Cleaned series: kept volumes x columns (all-NaN input columns stay all-NaN).
    public var signals: Matrix<Double>
    /// 0-based indices, in the caller's volume numbering (before dummy-scan removal), of the
    /// volumes that are the rows of `signals`.
    public var keptVolumes: [Int]
    /// Volumes (caller's numbering) not in the output: dummy scans and censored volumes.
    public var removedVolumes: [Int]
    /// Columns that were entirely NaN on input (passed through untouched).
    public var missingColumns: [Int]
    /// Columns whose standard deviation was below eps at standardisation (output all zeros,
    /// as in nilearn): a constant ROI. The caller decides whether to warn or turn them to NaN.
    public var zeroVarianceColumns: [Int]
    /// Number of confound regressors actually projected out (rank), including cosine drifts.
    public var confoundRank: Int
    /// Human-readable notes for the things nilearn would warn about.
    public var warnings: [String]
}

/// nilearn `signal.clean` (0.14.1) for one run, in nilearn's order:
/// 1. (ours) drop `dummyScans` leading volumes;
/// 2. cosine drift regressors appended to the confounds (`filter = .cosine`);
/// 3. censoring: with a Butterworth filter, censored volumes of signals *and* confounds are
///    replaced by a not-a-knot cubic spline through the kept volumes (those before the first
///    or after the last kept volume are dropped); otherwise censored volumes are removed;
/// 4. linear detrend of signals and confounds;
/// 5. Butterworth filter of signals and confounds (`sosfiltfilt`), then censored volumes removed;
/// 6. confound regression (`ConfoundRegression`);
/// 7. standardisation (for `psc` after detrending/high-pass, the pre-detrend mean is added
///    back first, as nilearn does).
/// Every step acts on columns independently, so all-NaN columns (e.g. ROIs without coverage)
/// are set aside and returned as NaN; any other NaN or infinity is an error.
public enum SignalCleaning {
    /// Cleans `signals` (volumes x columns). `confounds`: volumes x k regressors or nil.
    /// `sampleMask`: ascending 0-based indices of the volumes to keep (nilearn's index form),
    /// or nil to keep all.
    public static func clean(_ signals: Matrix<Double>, confounds: Matrix<Double>? = nil, sampleMask: [Int]? = nil,
                             options: CleaningOptions) throws -> CleanedSignals {
        var warnings: [String] = []
        let nIn = signals.rows
        // --- validation
        if let c = confounds, c.rows != nIn {
            throw SignalError.shapeMismatch("confounds have \(c.rows) rows but the signals have \(nIn) volumes")
        }
        if let c = confounds {
            for i in 0..<c.rows { for j in 0..<c.columns where !c[i, j].isFinite {
                throw SignalError.nonFinite("confound column \(j) is \(c[i, j]) at volume \(i)")
            } }
        }
        guard options.dummyScans >= 0, options.dummyScans < nIn else {
            throw SignalError.invalidParameter("dummyScans must be in 0..<\(nIn) (number of volumes), got \(options.dummyScans)")
        }
        var missing: [Int] = []
        var usable: [Int] = []
        for j in 0..<signals.columns {
            let col = signals.column(j)
            if col.allSatisfy({ $0.isNaN }) { missing.append(j); continue }
            if let i = col.firstIndex(where: { !$0.isFinite }) {
                throw SignalError.nonFinite("signal column \(j) is \(col[i]) at volume \(i) (only entirely-NaN columns are allowed)")
            }
            usable.append(j)
        }
        if let m = sampleMask {
            if m.isEmpty { throw SignalError.allVolumesCensored("the sample mask keeps no volume") }
            for (a, b) in zip(m, m.dropFirst()) where b <= a {
                throw SignalError.invalidParameter("sample mask indices must be strictly ascending (\(a) then \(b))")
            }
            if let bad = m.first(where: { $0 < 0 || $0 >= nIn }) {
                throw SignalError.invalidParameter("sample mask index \(bad) outside 0..<\(nIn)")
            }
        }
        let filterBand = try resolveFilter(options, warnings: &warnings)
        if confounds != nil && !options.detrend && !options.standardizeConfounds {
            warnings.append("confounds given without detrend or confound standardisation: confounds are not centred before regression")
        }

        // --- 1. dummy scans
        let d = options.dummyScans
        var x = signals.rows(d..<nIn).columns(usable)
        var conf = confounds?.rows(d..<nIn)
        var mask: [Int]? = sampleMask.map { $0.filter { $0 >= d }.map { $0 - d } }
        if let m = mask, m.isEmpty { throw SignalError.allVolumesCensored("every volume kept by the sample mask is a dummy scan") }
        var kept = mask ?? Array(0..<(nIn - d))   // in post-dummy numbering

        // --- 2. cosine drift
        if options.filter == .cosine, let hp = options.highPass {
            let tr = options.repetitionTime!
            if hp * tr >= 0.5 { warnings.append("cosine high-pass \(hp) Hz spans all accessible frequencies (saturated design)") }
            let cos = CosineDrift.regressors(count: x.rows, repetitionTime: tr, highPass: hp)
            if cos.columns == 0 {
                warnings.append("no cosine drift regressor created: the series is too short for high-pass \(hp) Hz")
            } else if let c = conf {
                if CosineDrift.alreadyInConfounds(cos, c) {
                    warnings.append("cosine drift regressors already in the confounds: only the given confounds are used")
                } else {
                    conf = hcat(c, cos)
                }
            } else {
                conf = cos
            }
            if options.lowPass != nil { warnings.append("low-pass is not implemented for the cosine filter and was ignored") }
        }

        // --- 3. censoring / interpolation
        if let m = mask {
            if filterBand != nil {
                let tr = options.repetitionTime!
                let first = m[0]
                if options.censoredInterpolation == .nilearn {
                    (x, mask) = try CensoredVolumeInterpolation.nilearnIndexQuirk(x, kept: m, repetitionTime: tr)
                    if let c = conf { conf = try CensoredVolumeInterpolation.nilearnIndexQuirk(c, kept: m, repetitionTime: tr).0 }
                    guard let last = mask?.last, last < x.rows else {
                        throw SignalError.allVolumesCensored("nilearn quirk mode: shifted sample mask exceeds the remaining volumes")
                    }
                } else {
                    x = try CensoredVolumeInterpolation.interpolate(x, kept: m, repetitionTime: tr)
                    if let c = conf { conf = try CensoredVolumeInterpolation.interpolate(c, kept: m, repetitionTime: tr) }
                    mask = m.map { $0 - first }
                }
                kept = m
            } else {
                x = x.rowsAt(m)
                conf = conf?.rowsAt(m)
                mask = nil
            }
        }
        let originalMean = Centering.columnMeans(x)

        // --- 4. detrend
        if options.detrend {
            if x.rows <= 1 { warnings.append("detrending a single volume would give zeros: skipped") }
            x = Detrending.linear(x)
            if let c = conf { conf = Detrending.linear(c) }
        }

        // --- 5. Butterworth
        if let band = filterBand {
            let sos = try SecondOrderSections.butterworth(order: options.butterworthOrder, band: band,
                                                          samplingRate: 1 / options.repetitionTime!)
            x = try sos.filtfilt(columnsOf: x)
            if let c = conf { conf = try sos.filtfilt(columnsOf: c) }
            if let m = mask {
                x = x.rowsAt(m)
                conf = conf?.rowsAt(m)
            }
        }

        // --- 6. confounds
        var rank = 0
        if let c = conf {
            let r = try ConfoundRegression.regressOut(c, from: x, standardizeConfounds: options.standardizeConfounds)
            x = r.residuals
            rank = r.rank
        }

        // --- 7. standardisation
        var zeroVar: [Int] = []
        if options.standardize != .none {
            if x.rows <= 1 {
                warnings.append("standardising a single volume would give zeros: skipped")
            } else {
                var input = x
                if options.standardize == .psc {
                    let now = Centering.columnMeans(x).map(Swift.abs).reduce(0, +) / Double(Swift.max(x.columns, 1))
                    let before = originalMean.map(Swift.abs).reduce(0, +) / Double(Swift.max(x.columns, 1))
                    if now / before < 0.1 {
                        let p = x.columns
                        for i in 0..<x.rows { for j in 0..<p { input.elements[i * p + j] += originalMean[j] } }
                    }
                }
                let (y, report) = options.standardize.apply(input)
                x = y
                zeroVar = report.zeroVarianceColumns.map { usable[$0] }
                if !report.zeroMeanColumns.isEmpty {
                    warnings.append("psc is meaningless for columns with mean 0; set to 0: \(report.zeroMeanColumns.map { usable[$0] })")
                }
            }
        }
        // Constant input columns (over the kept volumes) carry no signal either.
        for j in usable where !zeroVar.contains(j) {
            let first = signals[kept[0] + d, j]
            if kept.allSatisfy({ signals[$0 + d, j] == first }) { zeroVar.append(j) }
        }
        zeroVar.sort()
        if !zeroVar.isEmpty { warnings.append("constant (zero-variance) columns, returned as NaN: \(zeroVar)") }

        // --- reassemble with the all-NaN columns
        var out = Matrix<Double>(rows: x.rows, columns: signals.columns, repeating: .nan)
        for (k, j) in usable.enumerated() where !zeroVar.contains(j) { for i in 0..<x.rows { out[i, j] = x[i, k] } }
        let keptOriginal = kept.map { $0 + d }
        let keptSet = Set(keptOriginal)
        return CleanedSignals(signals: out, keptVolumes: keptOriginal,
                              removedVolumes: (0..<nIn).filter { !keptSet.contains($0) },
                              missingColumns: missing, zeroVarianceColumns: zeroVar, confoundRank: rank,
                              warnings: warnings)
    }

    /// The Butterworth band to apply, or nil; validates cutoffs and TR like nilearn's
    /// `_check_filter_parameters` and `butterworth` (cutoffs at or above Nyquist are moved
    /// just below it, negative ones to eps, with a warning).
    static func resolveFilter(_ o: CleaningOptions, warnings: inout [String]) throws -> FilterBand? {
        for (name, v) in [("highPass", o.highPass), ("lowPass", o.lowPass)] {
            if let v = v, !v.isFinite { throw SignalError.invalidParameter("\(name) must be finite, got \(v)") }
        }
        if let tr = o.repetitionTime, !(tr > 0 && tr.isFinite) {
            throw SignalError.invalidParameter("repetition time must be positive, got \(tr)")
        }
        switch o.filter {
        case .cosine:
            guard o.highPass != nil, o.repetitionTime != nil else {
                throw SignalError.invalidParameter("the cosine filter needs a repetition time and a high-pass cutoff")
            }
            return nil
        case .butterworth:
            if o.highPass == nil && o.lowPass == nil { return nil }
            guard let tr = o.repetitionTime else {
                throw SignalError.invalidParameter("the repetition time (TR) must be known for Butterworth filtering")
            }
            if let hp = o.highPass, let lp = o.lowPass, hp >= lp {
                throw SignalError.invalidParameter("high-pass cutoff (\(hp) Hz) must be below the low-pass cutoff (\(lp) Hz)")
            }
            let nyq = 0.5 / tr
            func check(_ f: Double, _ kind: String) -> Double {
                let eps32 = Double(Float.ulpOfOne)
                if f >= nyq {
                    let g = nyq - nyq * 10 * eps32
                    warnings.append("\(kind) cutoff \(f) Hz is at or above Nyquist (\(nyq) Hz): lowered to \(g) Hz")
                    return g
                }
                if f < 0 {
                    warnings.append("\(kind) cutoff \(f) Hz is negative: set to \(nyq * eps32) Hz")
                    return nyq * eps32
                }
                return f
            }
            let hp = o.highPass.map { check($0, "high-pass") }
            let lp = o.lowPass.map { check($0, "low-pass") }
            // A cutoff below a millionth of Nyquist has no usable digital Butterworth filter:
            // the design's linear systems are singular ("gesv: matrix is singular" reached the
            // user for --t-r 1e-300). fMRI cutoffs are above 1e-4 of Nyquist; this is a TR or a
            // cutoff in the wrong unit.
            for (kind, f) in [("high-pass", hp), ("low-pass", lp)] {
                if let f, f > 0, f / nyq < 1e-6 {
                    throw SignalError.invalidParameter("the \(kind) cutoff \(f) Hz is \(f / nyq) of the Nyquist frequency \(nyq) Hz (TR \(tr) s): too low for a digital filter; check the repetition time (--t-r) and the cutoff's unit (Hz)")
                }
            }
            switch (hp, lp) {
            case let (h?, l?):
                if h == l { warnings.append("band-pass cutoffs are equal after adjustment: signals returned unfiltered"); return nil }
                return .bandPass(low: h, high: l)
            case let (h?, nil): return .highPass(cutoff: h)
            case let (nil, l?): return .lowPass(cutoff: l)
            default: return nil
            }
        }
    }

    static func hcat(_ a: Matrix<Double>, _ b: Matrix<Double>) -> Matrix<Double> {
        Matrix(rows: a.rows, columns: a.columns + b.columns) { i, j in j < a.columns ? a[i, j] : b[i, j - a.columns] }
    }
}
