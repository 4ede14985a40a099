import LinearAlgebra

/// The ground metric between two aligned `conditions x units` matrices (netrep
/// `score_method`).
public enum ScoreMethod: String, Sendable, CaseIterable {
    /// `arccos(<A, B>_F / (||A||_F ||B||_F))`, in [0, pi]. Computed as
    /// `2 asin(||A/||A|| - B/||B|| ||_F / 2)`, the same angle without arccos's loss of
    /// precision near 0 (netrep's arccos form returns ~1e-8 for identical inputs).
    case angular
    /// `||A - B||_F` (not normalised).
    case euclidean

    /// The score of two aligned matrices of equal shape.
    func score(_ a: Matrix<Double>, _ b: Matrix<Double>) -> Double {
        switch self {
        case .euclidean: return (a - b).frobeniusNorm
        case .angular: return ScoreMethod.angle(a.elements, b.elements)
        }
    }

    /// Angle between two vectors (flattened matrices) through the chord length.
    static func angle(_ a: [Double], _ b: [Double]) -> Double {
        let na = a.reduce(0) { $0 + $1 * $1 }.squareRoot(), nb = b.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard na > 0, nb > 0 else { return .nan }
        var c = 0.0
        for k in 0..<a.count { let d = a[k] / na - b[k] / nb; c += d * d }
        return 2 * asinClamped(c.squareRoot() / 2)
    }

    static func asinClamped(_ x: Double) -> Double { _asin(Swift.min(1, Swift.max(-1, x))) }

    /// The angular score divides by both norms, so a representation with no variance after
    /// centring (all zero, constant, or a single condition) has no angle to any other: an
    /// error naming it, where netrep returns NaN (0/0) and our arccos of the clamped ratio
    /// returned pi with `converged: true` (issue 12, finding 11). Centred values that are only
    /// rounding noise of the means (within `conditions` ulps of the data) count as zero. The
    /// euclidean score is defined for them and is left alone.
    func checkDefined(centered: Matrix<Double>, data: Matrix<Double>, label: String) throws {
        guard self == .angular else { return }
        let noise = Double(Swift.max(1, centered.rows)) * Double.ulpOfOne
        if centered.squaredNorm <= noise * noise * data.squaredNorm {
            let why = centered.rows < 2 ? "it has a single condition" : data.squaredNorm == 0 ? "it is all zero" : "every unit is constant over the conditions"
            throw ShapeMetricsError("\(label): no variance after centring (\(why)), so its angular distance to any representation is undefined (0/0; netrep gives NaN); use --score euclidean or leave it out")
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@inline(__always) func _asin(_ x: Double) -> Double { asin(x) }
@inline(__always) func _acos(_ x: Double) -> Double { acos(x) }
