import Foundation

/// Fixed, locale-free number formatting for figures, so that reruns write identical bytes:
/// coordinates with at most two decimals, labels with a given number of decimals.
public enum SVGNumber {
    /// `v` rounded to `decimals` places (half away from zero), written without exponent; "-0"
    /// becomes "0". Magnitudes of 1e15 and more fall back to three significant digits.
    public static func fixed(_ v: Double, decimals: Int) -> String {
        if v.isNaN { return "n/a" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        let d = max(0, min(decimals, 12))
        var scale: UInt64 = 1
        for _ in 0..<d { scale *= 10 }
        let scaled = (abs(v) * Double(scale)).rounded()
        guard scaled < 9e15 else { return String(format: "%.3g", v) }
        let m = UInt64(scaled)
        var s = String(m / scale)
        if d > 0 {
            let frac = String(m % scale)
            s += "." + String(repeating: "0", count: d - frac.count) + frac
        }
        return (v < 0 && m != 0) ? "-" + s : s
    }

    /// A coordinate: two decimals at most, trailing zeros dropped.
    public static func coordinate(_ v: Double) -> String {
        var s = fixed(v, decimals: 2)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s == "-0" ? "0" : s
    }

    /// A value for a label or tooltip: three significant digits for ordinary magnitudes, trailing
    /// zeros dropped.
    public static func value(_ v: Double) -> String {
        guard v.isFinite, v != 0 else { return fixed(v, decimals: 0) }
        let magnitude = Int(floor(log10(abs(v))))
        if magnitude >= 6 || magnitude <= -5 { return String(format: "%.2e", v) }
        var s = fixed(v, decimals: max(0, 2 - magnitude))
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s
    }
}

/// Axis ticks at round values: steps of 1, 2 or 5 times a power of ten, about `count` of them.
public enum AxisTicks {
    public static func ticks(from lo: Double, to hi: Double, count: Int = 5) -> (values: [Double], decimals: Int) {
        guard lo.isFinite, hi.isFinite, hi > lo else { return (lo.isFinite ? [lo] : [], 2) }
        let raw = (hi - lo) / Double(max(1, count))
        guard raw.isFinite, raw > 0 else { return ([lo, hi], 2) }
        let magnitude = pow(10, floor(log10(raw)))
        let f = raw / magnitude
        let step = (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * magnitude
        let first = Int((lo / step - 1e-9).rounded(.up)), last = Int((hi / step + 1e-9).rounded(.down))
        let values = (first...max(first, last)).map { Double($0) * step }.filter { $0 >= lo - step * 1e-9 && $0 <= hi + step * 1e-9 }
        return (values, max(0, -Int(floor(log10(step) + 1e-9))))
    }
}

/// Figure input that cannot be drawn (sizes that do not match, no data).
public struct FigureDataError: Error, CustomStringConvertible {
    public let description: String
    public init(_ message: String) { description = message }
}
