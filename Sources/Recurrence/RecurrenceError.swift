/// Bad input or parameters for a recurrence analysis. The messages name the series (ROI) and
/// the problem; the CLI adds the file name.
public enum RecurrenceError: Error, CustomStringConvertible, Equatable {
    /// A parameter outside its allowed range (`name`, the value given, what is allowed).
    case invalidParameter(name: String, value: String, allowed: String)
    /// The series is too short for the embedding: `T - (dimension - 1) * delay < 2`.
    case seriesTooShort(series: String, length: Int, dimension: Int, delay: Int)
    /// A NaN or infinity in a series (first offending time index).
    case nonFinite(series: String, index: Int)
    /// A constant series with a threshold in units of its standard deviation (eps would be 0).
    case zeroVariance(series: String)

    public var description: String {
        switch self {
        case let .invalidParameter(name, value, allowed):
            return "invalid \(name) \(value): \(allowed)"
        case let .seriesTooShort(series, length, dimension, delay):
            return "series \(series): \(length) time points are too few for embedding dimension \(dimension) and delay \(delay) "
                + "(needs at least \(RecurrenceSettings.minimumLength(dimension: dimension, delay: delay).map(String.init) ?? "more than 2^63"))"
        case let .nonFinite(series, index):
            return "series \(series): value at time index \(index) is NaN or infinite"
        case let .zeroVariance(series):
            return "series \(series) is constant (standard deviation 0), so a threshold in units of its standard deviation is 0 "
                + "and the plot would be empty; use --threshold or --recurrence-rate, or drop this series"
        }
    }
}
