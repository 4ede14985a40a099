/// A time-delay embedding of a scalar series (Takens): state vector
/// `x_i = (s_i, s_{i+tau}, ..., s_{i+(m-1)tau})` for `i = 0 ..< N`, `N = T - (m-1) tau`.
/// This is pyunicorn's `RecurrencePlot.embed_time_series(s, dim, tau)`; `m = 1` is the series
/// itself (pyunicorn called without `dim`/`tau`).
///
/// Stored as `m` component arrays (structure of arrays) so the distance kernels run over
/// contiguous memory.
public struct Embedding: Sendable, Equatable {
    /// Embedding dimension `m`.
    public let dimension: Int
    /// Delay `tau` in samples.
    public let delay: Int
    /// Number of state vectors `N`.
    public let count: Int
    /// `components[d][i] = s[i + d * delay]`.
    public let components: [[Double]]

    /// Embeds `series`; `name` labels errors. Requires finite values and `N >= 2`.
    public init(series: [Double], dimension: Int = 1, delay: Int = 1, name: String = "0") throws {
        guard dimension >= 1 else { throw RecurrenceError.invalidParameter(name: "embedding dimension", value: "\(dimension)", allowed: "must be >= 1") }
        guard delay >= 1 else { throw RecurrenceError.invalidParameter(name: "delay", value: "\(delay)", allowed: "must be >= 1") }
        if let bad = series.firstIndex(where: { !$0.isFinite }) { throw RecurrenceError.nonFinite(series: name, index: bad) }
        guard let needed = RecurrenceSettings.minimumLength(dimension: dimension, delay: delay), series.count >= needed else { throw RecurrenceError.seriesTooShort(series: name, length: series.count, dimension: dimension, delay: delay) }
        let n = series.count - (dimension - 1) * delay
        self.dimension = dimension
        self.delay = delay
        self.count = n
        self.components = (0..<dimension).map { d in Array(series[(d * delay)..<(d * delay + n)]) }
    }

    /// The state vector `x_i`.
    public func vector(_ i: Int) -> [Double] { components.map { $0[i] } }
}
