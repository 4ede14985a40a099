import Foundation
import LinearAlgebra

/// The temporal noise model of the fit (nilearn `noise_model`).
public enum NoiseModel: String, Sendable, CaseIterable {
    /// OLS, lag-1 Yule-Walker on its residuals, rho truncated toward zero to a multiple of
    /// 1/100, voxels sharing a rho refitted together on AR(1)-whitened data (nilearn default).
    case ar1
    /// Ordinary least squares.
    case ols
}

/// One design (possibly AR(1)-whitened) ready to fit many voxels: nilearn's `OLSModel` /
/// `ARModel` `initialize`: `calc_beta = pinv(WX)`, `normalized_cov_beta = calc_beta calc_beta'`,
/// dispersion divisor `T - columns`, residual dof `T - rank(X)`.
struct LinearModel {
    let rho: Double
    let whitened: Matrix<Double>
    let calcBeta: Matrix<Double>
    let covariance: Matrix<Double>
    let dofResiduals: Int

    init(design x: Matrix<Double>, rho: Double, dofResiduals: Int) throws {
        self.rho = rho
        whitened = rho == 0 ? x : LinearModel.whiten(x, rho: rho)
        calcBeta = try whitened.pseudoinverse()
        covariance = calcBeta.multiplied(by: calcBeta, transposeOther: true)
        self.dofResiduals = dofResiduals
    }

    /// `ARModel.whiten`: row 0 kept, row t minus rho times row t-1 of the original.
    static func whiten(_ x: Matrix<Double>, rho: Double) -> Matrix<Double> {
        var w = x
        let c = x.columns
        if x.rows > 1 {
            for t in 1..<x.rows { for j in 0..<c { w.elements[t * c + j] = x.elements[t * c + j] - rho * x.elements[(t - 1) * c + j] } }
        }
        return w
    }

    /// nilearn's residual dof: `T - matrix_rank(X, tol = sum|X| * eps)`.
    static func dofResiduals(design x: Matrix<Double>) throws -> Int {
        let tol = x.elements.reduce(0) { $0 + abs($1) } * Double.ulpOfOne
        return x.rows - (try x.rank(tolerance: tol))
    }
}

/// The fit of one block of voxels: parameters, dispersion and, per voxel, the model (rho group)
/// whose covariance gives its contrast variances.
struct BlockFit {
    var beta: Matrix<Double>          // p x B
    var dispersion: [Double]          // B
    var modelOfVoxel: [Int]           // B, index into `models`
    var models: [LinearModel]
    var residuals: Matrix<Double>?    // T x B (whitened for AR), when asked for
}

/// Fits blocks of voxels as nilearn's `run_glm` does, caching one whitened model per rho bin.
final class BlockFitter {
    let design: Matrix<Double>
    let noise: NoiseModel
    let ols: LinearModel
    private var arModels: [Int: LinearModel] = [:]
    static let bins = 100

    init(design: Matrix<Double>, noise: NoiseModel) throws {
        self.design = design
        self.noise = noise
        let dof = try LinearModel.dofResiduals(design: design)
        ols = try LinearModel(design: design, rho: 0, dofResiduals: dof)
    }

    /// Fits `y` (T x B, already scaled). Every loop runs along rows of the row-major T x B
    /// arrays (contiguous, vectorisable); each voxel's sums still add its frames in time order,
    /// so the arithmetic is nilearn's `Y - X beta`, lag sums and whitening, value for value.
    func fit(_ y: Matrix<Double>, keepResiduals: Bool = false) throws -> BlockFit {
        let t = y.rows, b = y.columns, p = design.columns
        let beta = ols.calcBeta * y
        var resid = design * beta
        Self.subtract(from: y.elements, into: &resid.elements)   // resid = y - X beta
        if noise == .ols {
            return BlockFit(beta: beta, dispersion: Self.dispersion(resid, divisor: t - p), modelOfVoxel: [Int](repeating: 0, count: b),
                            models: [ols], residuals: keepResiduals ? resid : nil)
        }
        // Yule-Walker lag 1 on the OLS residuals: rho = (sum e_t e_{t+1} / (T-1)) / (sum e_t^2 / T),
        // truncated toward zero to a multiple of 1/100 (`(rho * bins).astype(int) / bins`).
        var r0 = [Double](repeating: 0, count: b), r1 = r0
        resid.elements.withUnsafeBufferPointer { e in
            r0.withUnsafeMutableBufferPointer { s0 in
                r1.withUnsafeMutableBufferPointer { s1 in
                    for s in 0..<t {
                        let row = e.baseAddress! + s * b
                        for j in 0..<b { s0[j] += row[j] * row[j] }
                        if s + 1 < t {
                            let next = row + b
                            for j in 0..<b { s1[j] += row[j] * next[j] }
                        }
                    }
                }
            }
        }
        var bin = [Int](repeating: 0, count: b)
        for j in 0..<b {
            let c0 = r0[j] / Double(t * t), c1 = r1[j] / Double((t - 1) * t)
            let rho = c1 / c0
            bin[j] = rho.isFinite ? Int(Swift.max(-1e6, Swift.min(1e6, rho * Double(Self.bins))).rounded(.towardZero)) : 0
        }
        var groups: [Int: [Int]] = [:]
        for j in 0..<b { groups[bin[j], default: []].append(j) }
        var outBeta = Matrix<Double>(rows: p, columns: b)
        var disp = [Double](repeating: 0, count: b)
        var modelOf = [Int](repeating: 0, count: b)
        var models: [LinearModel] = []
        for key in groups.keys.sorted() {
            let cols = groups[key]!
            let model = try arModel(bin: key)
            models.append(model)
            let yg = Self.whitenedColumns(y, cols, rho: model.rho)
            let bg = model.calcBeta * yg
            var rg = model.whitened * bg
            Self.subtract(from: yg.elements, into: &rg.elements)
            let dg = Self.dispersion(rg, divisor: t - p)
            let k = cols.count
            outBeta.elements.withUnsafeMutableBufferPointer { ob in
                bg.elements.withUnsafeBufferPointer { src in
                    for i in 0..<p { for (kk, j) in cols.enumerated() { ob[i * b + j] = src[i * k + kk] } }
                }
            }
            for (kk, j) in cols.enumerated() {
                disp[j] = dg[kk]
                modelOf[j] = models.count - 1
            }
            if keepResiduals {
                for s in 0..<t { for (kk, j) in cols.enumerated() { resid.elements[s * b + j] = rg.elements[s * k + kk] } }
            }
        }
        return BlockFit(beta: outBeta, dispersion: disp, modelOfVoxel: modelOf, models: models, residuals: keepResiduals ? resid : nil)
    }

    /// `into[i] = from[i] - into[i]` (the residual `y - fitted`, computed as numpy does).
    static func subtract(from y: [Double], into fitted: inout [Double]) {
        y.withUnsafeBufferPointer { yp in
            fitted.withUnsafeMutableBufferPointer { f in
                for i in 0..<f.count { f[i] = yp[i] - f[i] }
            }
        }
    }

    /// The columns `cols` of `y`, AR(1)-whitened (`ARModel.whiten`: row 0 kept, row s minus rho
    /// times row s-1), gathered and whitened in one pass.
    static func whitenedColumns(_ y: Matrix<Double>, _ cols: [Int], rho: Double) -> Matrix<Double> {
        if rho == 0 { return ColumnGather.columns(y, cols) }
        let r = y.rows, c = y.columns, k = cols.count
        var out = [Double](repeating: 0, count: r * k)
        y.elements.withUnsafeBufferPointer { src in
            cols.withUnsafeBufferPointer { cp in
                out.withUnsafeMutableBufferPointer { dst in
                    for (kk, col) in cp.enumerated() { dst[kk] = src[col] }
                    for s in Swift.stride(from: 1, to: r, by: 1) {
                        let cur = src.baseAddress! + s * c, prev = cur - c, d = dst.baseAddress! + s * k
                        for kk in 0..<k { let col = cp[kk]; d[kk] = cur[col] - rho * prev[col] }
                    }
                }
            }
        }
        return Matrix(rows: r, columns: k, elements: out)
    }

    private func arModel(bin: Int) throws -> LinearModel {
        if let m = arModels[bin] { return m }
        let m = try LinearModel(design: design, rho: Double(bin) * 1.0 / Double(Self.bins), dofResiduals: ols.dofResiduals)
        arModels[bin] = m
        return m
    }

    static func dispersion(_ r: Matrix<Double>, divisor: Int) -> [Double] {
        let c = r.columns
        var s = [Double](repeating: 0, count: c)
        r.elements.withUnsafeBufferPointer { e in
            s.withUnsafeMutableBufferPointer { acc in
                for t in 0..<r.rows { let row = e.baseAddress! + t * c; for j in 0..<c { acc[j] += row[j] * row[j] } }
            }
        }
        return s.map { $0 / Double(divisor) }
    }
}

/// The columns `cols` of a matrix, in that order (a plain loop: `Matrix.columns(_:)` goes
/// through a generic closure per element, 16% of a whole-brain AR(1) fit).
enum ColumnGather {
    static func columns(_ m: Matrix<Double>, _ cols: [Int]) -> Matrix<Double> {
        let r = m.rows, c = m.columns, k = cols.count
        var out = [Double](repeating: 0, count: r * k)
        m.elements.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for i in 0..<r {
                    let s = i * c, d = i * k
                    for (j, col) in cols.enumerated() { dst[d + j] = src[s + col] }
                }
            }
        }
        return Matrix(rows: r, columns: k, elements: out)
    }
}
