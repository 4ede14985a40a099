import Foundation
import LinearAlgebra

/// Low-frequency drift regressors of nilearn's design matrices (`_make_drift`); each model
/// ends with the constant column, named `drift_1 ... drift_K, constant`.
public enum DriftModel: Sendable, Equatable {
    /// DCT-II cosines up to `highPass` Hz (`create_cosine_drift`), then a constant.
    case cosine(highPass: Double)
    /// (t / t_max)^k, k = 0...order, orthogonalised, constant moved last (`_poly_drift`).
    case polynomial(order: Int)
    /// The constant alone.
    case none

    /// nilearn's `drift_model` values.
    public static let names = ["cosine", "polynomial", "none"]

    public var name: String {
        switch self { case .cosine: return "cosine"; case .polynomial: return "polynomial"; case .none: return "none" }
    }

    /// Regressors (frames x columns) and their names.
    func regressors(frameTimes ft: [Double]) throws -> (Matrix<Double>, [String]) {
        let n = ft.count
        var m: Matrix<Double>
        switch self {
        case .cosine(let hp):
            guard hp >= 0, hp.isFinite else { throw GLMError.invalidParameter("high_pass must be a non-negative frequency in Hz, got \(hp)") }
            let dt = (ft[n - 1] - ft[0]) / Double(n - 1)
            let order = Swift.min(n - 1, Int((2 * Double(n) * hp * dt).rounded(.down)))
            let normalizer = (2.0 / Double(n)).squareRoot()
            m = Matrix(rows: n, columns: order + 1)
            for t in 0..<n {
                for k in 1..<(order + 1) { m[t, k - 1] = normalizer * cos((Double.pi / Double(n)) * (Double(t) + 0.5) * Double(k)) }
                m[t, order] = 1
            }
        case .polynomial(let order):
            guard order >= 0, order < n else {
                throw GLMError.invalidParameter("the polynomial drift order must be between 0 and the number of volumes - 1 (\(n - 1)), got \(order)")
            }
            let tmax = ft.max() ?? 1
            var pol = Matrix<Double>(rows: n, columns: order + 1) { t, k in pow(ft[t] / tmax, Double(k)) }
            pol = try Orthogonalization.orthogonalize(pol)
            m = pol.columns(Array(1..<(order + 1)) + [0])
        case .none:
            m = Matrix(rows: n, columns: 1, repeating: 1)
        }
        let names = (1..<m.columns).map { "drift_\($0)" } + ["constant"]
        return (m, names)
    }
}

/// nilearn's `orthogonalize`: each column minus its projection on the preceding ones
/// (`X[:, i] -= (X[:, i] @ X[:, :i]) @ pinv(X[:, :i])`), columns not normalised.
enum Orthogonalization {
    static func orthogonalize(_ x: Matrix<Double>) throws -> Matrix<Double> {
        var x = x
        guard x.columns > 1 else { return x }
        for i in 1..<x.columns {
            let prev = x.columns(Array(0..<i))
            let xi = x.column(i)
            let coef = prev.multiplied(by: xi, transposeSelf: true)          // X[:, i] @ X[:, :i]   (i)
            let pinv = try prev.pseudoinverse()                             // i x n
            let proj = pinv.multiplied(by: coef, transposeSelf: true)       // coef @ pinv           (n)
            for t in 0..<x.rows { x[t, i] -= proj[t] }
        }
        return x
    }
}
