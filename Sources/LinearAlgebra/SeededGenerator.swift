#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small, seedable, platform-independent random stream (SplitMix64, Steele et al. 2014), shared
/// by every stage that draws random numbers (bootstraps, random restarts, the sample study), so
/// that a seed gives the same draws on every machine and Swift version (Swift's system generator
/// is not seedable). Each (seed, i, j) can have its own independent stream, so parallel work
/// does not depend on scheduling.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64
    private var spareNormal: Double?

    public init(seed: UInt64) { state = seed }

    /// A stream for one (seed, a, b) combination, independent of the order streams are used in.
    public init(seed: UInt64, stream a: Int, _ b: Int = 0) {
        var s = SeededGenerator(seed: seed ^ 0x9E37_79B9_7F4A_7C15)
        for _ in 0..<2 { _ = s.next() }
        self.init(seed: s.next() &+ UInt64(truncatingIfNeeded: a) &* 0xBF58_476D_1CE4_E5B9
                  &+ UInt64(truncatingIfNeeded: b) &* 0x94D0_49BB_1331_11EB)
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in (0, 1): 53 random bits, centred in their interval (never 0 or 1).
    public mutating func uniform() -> Double { (Double(next() >> 11) + 0.5) / 9_007_199_254_740_992.0 }

    /// Standard normal (Box-Muller, both values used).
    public mutating func normal() -> Double {
        if let s = spareNormal { spareNormal = nil; return s }
        let u1 = uniform(), u2 = uniform()
        let r = (-2 * log(u1)).squareRoot()
        spareNormal = r * sin(2 * Double.pi * u2)
        return r * cos(2 * Double.pi * u2)
    }

    /// n standard normals.
    public mutating func normals(_ n: Int) -> [Double] { (0..<n).map { _ in normal() } }

    /// n draws from 0..<range with replacement (a bootstrap sample); none when range < 1.
    public mutating func sample(_ n: Int, from range: Int) -> [Int] {
        guard range > 0 else { return [] }
        return (0..<n).map { _ in Int(bounded(UInt64(range))) }
    }

    /// A uniform draw from 0..<bound (bound > 0) by Lemire's nearly divisionless method
    /// (arXiv:1805.10941): the high word of next() x bound, redrawn while the low word falls in
    /// the biased zone. Our own, so the draws of a seed cannot change with the Swift version
    /// (`Int.random(in:using:)` makes no such promise); it consumes the stream exactly as the
    /// standard library of Swift 5.x/6.x does today, so the draws stayed the same.
    /// `bounded(0)` is 0.
    public mutating func bounded(_ bound: UInt64) -> UInt64 {
        guard bound > 0 else { return 0 }
        var m = next().multipliedFullWidth(by: bound)
        if m.low < bound {
            let t = (0 &- bound) % bound
            while m.low < t { m = next().multipliedFullWidth(by: bound) }
        }
        return m.high
    }
}
