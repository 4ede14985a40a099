/// How the recurrence threshold `eps` is chosen (`R_ij = 1` iff `D_ij < eps`, strictly).
public enum RecurrenceThreshold: Sendable, Equatable {
    /// A fixed radius (pyunicorn `threshold=`, PyRQA `FixedRadius`).
    case radius(Double)
    /// `k` times the population standard deviation (ddof 0) of the scalar series before
    /// embedding (pyunicorn `threshold_std=`: `k * time_series.std()`).
    case standardDeviations(Double)
    /// The distance of rank `floor(rr * (M - 1))` among the `M` admissible entries of the
    /// distance matrix, sorted ascending (pyunicorn `recurrence_rate=`:
    /// `sort(D.ravel())[int(rr * (N^2 - 1))]`, with `M = N^2` and the zero diagonal included
    /// when there is no Theiler window). Found by selection, not by sorting.
    case recurrenceRate(Double)
}

/// Whose definitions the quantification follows where pyunicorn and PyRQA differ
/// (see the module README for the side-by-side table).
public enum RQAConventions: String, CaseIterable, Sendable {
    /// pyunicorn 1.0.0: the Theiler window removes points from the plot itself (all measures
    /// see the masked plot; `theiler = 0`, the default, is pyunicorn's own behaviour, which has
    /// no window); diagonal lines never include the main diagonal; every ratio has pyunicorn's
    /// `+ 1e-8` in its denominator; RR is normalised by the number of admissible entries.
    case pyunicorn
    /// PyRQA 8.1.0 (`theiler_corrector`): the window only removes diagonal lines with
    /// `|i - j| < theiler` (default 1: the main diagonal); the plot, RR, vertical and white lines
    /// keep every point; ratios have no `+ 1e-8` (0/0 is NaN); minimum white line 2.
    case pyrqa
}

/// Everything that defines one recurrence analysis.
public struct RecurrenceSettings: Sendable, Equatable {
    public var dimension: Int
    public var delay: Int
    public var metric: DistanceMetric
    public var threshold: RecurrenceThreshold
    /// Theiler window `w`: entries with `|i - j| < w` are excluded (how: see `conventions`).
    public var theiler: Int
    public var conventions: RQAConventions
    /// Minimum diagonal, vertical and white vertical line lengths.
    public var lmin: Int
    public var vmin: Int
    public var wmin: Int

    /// Defaults follow the conventions: pyunicorn `theiler 0, lmin = vmin = 2, wmin = 1`;
    /// PyRQA `theiler 1, lmin = vmin = 2, wmin = 2`.
    public init(dimension: Int = 1, delay: Int = 1, metric: DistanceMetric = .supremum, threshold: RecurrenceThreshold,
                conventions: RQAConventions = .pyunicorn, theiler: Int? = nil,
                lmin: Int = 2, vmin: Int = 2, wmin: Int? = nil) {
        self.dimension = dimension
        self.delay = delay
        self.metric = metric
        self.threshold = threshold
        self.conventions = conventions
        self.theiler = theiler ?? (conventions == .pyunicorn ? 0 : 1)
        self.lmin = lmin
        self.vmin = vmin
        self.wmin = wmin ?? (conventions == .pyunicorn ? 1 : 2)
    }

    /// Checks ranges before any work.
    public func validate() throws {
        func bad(_ n: String, _ v: Any, _ a: String) -> RecurrenceError { .invalidParameter(name: n, value: "\(v)", allowed: a) }
        if dimension < 1 { throw bad("embedding dimension", dimension, "must be >= 1") }
        if delay < 1 { throw bad("delay", delay, "must be >= 1") }
        if Self.minimumLength(dimension: dimension, delay: delay) == nil {
            throw bad("embedding dimension and delay", "\(dimension) and \(delay)",
                      "the embedding window (dimension - 1) x delay must fit in a series; this one overflows a 64-bit count")
        }
        if theiler < 0 { throw bad("Theiler window", theiler, "must be >= 0") }
        if lmin < 1 { throw bad("lmin", lmin, "must be >= 1") }
        if vmin < 1 { throw bad("vmin", vmin, "must be >= 1") }
        if wmin < 1 { throw bad("wmin", wmin, "must be >= 1") }
        switch threshold {
        case .radius(let e): if !(e.isFinite && e >= 0) { throw bad("threshold", e, "must be a finite number >= 0") }
        case .standardDeviations(let k): if !(k.isFinite && k >= 0) { throw bad("threshold in standard deviations", k, "must be a finite number >= 0") }
        case .recurrenceRate(let r): if !(r >= 0 && r <= 1) { throw bad("recurrence rate", r, "must lie in [0, 1]") }
        }
    }

    /// The fewest time points an embedding of `dimension` and `delay` needs,
    /// `(dimension - 1) * delay + 2`, or nil when that overflows (the values come from the user).
    public static func minimumLength(dimension: Int, delay: Int) -> Int? {
        guard dimension >= 1, delay >= 1 else { return nil }
        let (span, o1) = (dimension - 1).multipliedReportingOverflow(by: delay)
        let (n, o2) = span.addingReportingOverflow(2)
        return o1 || o2 ? nil : n
    }

    /// True when the Theiler window masks the plot itself (pyunicorn conventions).
    var windowMasksPlot: Bool { conventions == .pyunicorn }

    /// Smallest offset `|i - j|` an entry of the plot can have off the diagonal.
    var firstPlotOffset: Int { windowMasksPlot ? Swift.max(1, theiler) : 1 }

    /// Whether the main diagonal belongs to the plot.
    var diagonalInPlot: Bool { windowMasksPlot ? theiler == 0 : true }

    /// Smallest offset counted in the diagonal-line histogram: pyunicorn never counts the
    /// main diagonal; PyRQA counts offsets `>= theiler_corrector` (0 would include it).
    var firstLineOffset: Int { windowMasksPlot ? Swift.max(1, theiler) : theiler }
}
