import Foundation
import LinearAlgebra

/// LSS with AR(1) noise without refitting every trial model (glover / spm HRFs).
///
/// nilearn fits each trial model i by OLS, takes lag-1 Yule-Walker rho of ITS residuals per
/// voxel, truncates it to a multiple of 1/100 and refits on whitened data. Both steps follow from
/// quantities shared by all trials (X = the standard design, M = I - X pinv(X), E0 = M Y the
/// standard OLS residuals, r_i = M x_i, s_i = r_i'r_i):
///
/// * the trial model's OLS residuals are `e = E0 - gamma r_i`, `gamma = r_i'E0 / s_i`, so
///   `sum e^2 = sum E0^2 - gamma^2 s_i` and
///   `sum e_t e_{t+1} = sum E0_t E0_{t+1} - gamma (R_lag'E0 + R'E0_lag) + gamma^2 sum r_t r_{t+1}`:
///   two lagged matrix products per block give every trial's rho at every voxel;
/// * for a rho bin, the whitened trial model is the whitened standard design plus the whitened
///   trial regressor, reparametrised: Frisch-Waugh-Lovell as in the OLS case on the whitened
///   quantities (cached per bin), over the voxels where some trial falls in that bin.
///
/// Exact up to rounding (a rho within rounding of a bin edge could fall in the neighbouring bin).
enum LSSAR1 {
    struct Bin {
        let rho: Double
        let pinvW: Matrix<Double>       // q x T
        let residW: Matrix<Double>      // T x N: r^w_i
        let ss: [Double]                // s^w_i
        let gc: [Double]                // g^w_i[c_i]
        let single: [Bool]
    }

    static func effects(run: MaskedRun, trials ts: [BetaSeries.Trial], standard: DesignMatrix, trialRegressors xt: Matrix<Double>,
                        conditionColumn: [Int], options: GLMOptions, into out: inout Matrix<Double>) throws {
        let x = standard.matrix
        let t = x.rows, n = ts.count
        let pinv = try x.pseudoinverse()
        let g = pinv * xt
        let r = xt - x * g                                   // T x N
        var s = [Double](repeating: 0, count: n), lagRR = [Double](repeating: 0, count: n), single = [Bool](repeating: false, count: n)
        for i in 0..<n {
            var a = 0.0, l = 0.0, xx = 0.0
            for k in 0..<t { a += r[k, i] * r[k, i]; xx += xt[k, i] * xt[k, i] }
            for k in 0..<(t - 1) { l += r[k, i] * r[k + 1, i] }
            s[i] = a; lagRR[i] = l; single[i] = a <= 1e-12 * xx
        }
        let rHead = r.rows(0..<(t - 1)), rTail = r.rows(1..<t)
        var bins: [Int: Bin] = [:]
        func bin(_ b: Int) throws -> Bin {
            if let c = bins[b] { return c }
            let rho = Double(b) * 1.0 / Double(BlockFitter.bins)
            let xw = LinearModel.whiten(x, rho: rho), tw = LinearModel.whiten(xt, rho: rho)
            let pw = try xw.pseudoinverse()
            let gw = pw * tw
            let rw = tw - xw * gw
            var ss = [Double](repeating: 0, count: n), gc = [Double](repeating: 0, count: n), sg = [Bool](repeating: false, count: n)
            for i in 0..<n {
                var a = 0.0, xx = 0.0
                for k in 0..<t { a += rw[k, i] * rw[k, i]; xx += tw[k, i] * tw[k, i] }
                ss[i] = a; gc[i] = gw[conditionColumn[i], i]; sg[i] = single[i] || a <= 1e-12 * xx
            }
            let c = Bin(rho: rho, pinvW: pw, residW: rw, ss: ss, gc: gc, single: sg)
            bins[b] = c
            return c
        }
        try FirstLevelGLM.forEachBlock(run, options: options) { start, y in
            let w = y.columns
            let e0 = y - x * (pinv * y)                      // T x B
            let re = r.multiplied(by: e0, transposeSelf: true)                         // N x B: r_i'E0
            let lag1 = rHead.multiplied(by: e0.rows(1..<t), transposeSelf: true)        // sum r_t E0_{t+1}
            let lag2 = rTail.multiplied(by: e0.rows(0..<(t - 1)), transposeSelf: true)  // sum r_{t+1} E0_t
            var s00 = [Double](repeating: 0, count: w), s01 = [Double](repeating: 0, count: w)
            for k in 0..<t { for j in 0..<w { let v = e0.elements[k * w + j]; s00[j] += v * v } }
            for k in 0..<(t - 1) { for j in 0..<w { s01[j] += e0.elements[k * w + j] * e0.elements[(k + 1) * w + j] } }
            // Each trial's rho bin at each voxel.
            var binOf = [Int](repeating: 0, count: n * w)
            var votersOfBin: [Int: [Int]] = [:]
            for i in 0..<n {
                for j in 0..<w {
                    let gam = single[i] ? 0 : re[i, j] / s[i]
                    let r0 = s00[j] - gam * gam * s[i]
                    let r1 = s01[j] - gam * (lag1[i, j] + lag2[i, j]) + gam * gam * lagRR[i]
                    let c0 = r0 / Double(t * t), c1 = r1 / Double((t - 1) * t)
                    let rho = c1 / c0
                    let b = rho.isFinite ? Int(Swift.max(-1e6, Swift.min(1e6, rho * Double(BlockFitter.bins))).rounded(.towardZero)) : 0
                    binOf[i * w + j] = b
                }
            }
            for j in 0..<w {
                var seen = Set<Int>()
                for i in 0..<n where seen.insert(binOf[i * w + j]).inserted { votersOfBin[binOf[i * w + j], default: []].append(j) }
            }
            for key in votersOfBin.keys.sorted() {
                let cols = votersOfBin[key]!
                let c = try bin(key)
                let yw = LinearModel.whiten(ColumnGather.columns(y, cols), rho: c.rho)
                let b0 = c.pinvW * yw                                         // q x U
                let ry = c.residW.multiplied(by: yw, transposeSelf: true)     // N x U
                for (u, j) in cols.enumerated() {
                    for i in 0..<n where binOf[i * w + j] == key {
                        let cc = conditionColumn[i]
                        out[i, start + j] = c.single[i] ? b0[cc, u] : (ry[i, u] / c.ss[i]) * (1 - c.gc[i]) + b0[cc, u]
                    }
                }
            }
        }
    }
}
