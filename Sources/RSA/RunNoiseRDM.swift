import LinearAlgebra

/// Mahalanobis and crossnobis RDMs with one noise covariance per run, as rsatoolbox 0.3.2 treats
/// a list of run residuals: `prec_from_residuals([res_1, ..., res_R], dof)` gives one precision
/// per run (it does not pool them), and `calc_rdm(dataset, method="crossnobis", descriptor="cond",
/// cv_descriptor="run", noise=[P_1, ..., P_R])` then averages over every **pair** of runs
/// (i < j) the cross-validated distance between run i's and run j's patterns, whitened by the
/// pair's mean covariance: `d_ab = (m_ia - m_ib)' ((S_i + S_j)/2)^-1 (m_ja - m_jb) / P` with
/// `S_r = P_r^-1`. With one covariance for every run this equals the leave-one-run-out
/// crossnobis of `RDMCalculator` (the mean over pairs of `X_i W X_j'` is the mean over folds).
///
/// rsatoolbox's `calc_rdm_mahalanobis` takes one precision; for runs we use the inverse of the
/// runs' mean covariance — the combination crossnobis applies to each pair, over all runs — on
/// the condition means over runs (rsatoolbox averages a dataset's runs by `cond`).
public enum RunNoiseRDM {
    /// Crossnobis over the pairs of runs. `runCovariances[r]` is run r's noise covariance
    /// (`NoisePrecision.covarianceFromResiduals`): rsatoolbox inverts each precision back to
    /// it; we keep the covariance and solve instead (the same value up to rounding).
    public static func crossnobis(_ x: PatternSet, runCovariances: [Matrix<Double>]) throws -> RDM {
        try check(x, runCovariances)
        guard x.runs >= 2 else { throw RSAError("patterns", "crossnobis needs at least 2 runs (cross-validation folds), got 1") }
        let k = x.conditions, p = Double(x.channels)
        var sum = [Double](repeating: 0, count: k * (k - 1) / 2)
        var pairs = 0
        for i in 0..<x.runs {
            for j in (i + 1)..<x.runs {
                var mean = runCovariances[i]
                for e in 0..<mean.elements.count { mean.elements[e] = (mean.elements[e] + runCovariances[j].elements[e]) / 2 }
                // W m_j' through a solve of the pair's covariance (rsatoolbox: inv, then products)
                let wTest: Matrix<Double>
                do { wTest = try mean.solve(x.run(j).transposed) } catch {
                    throw RSAError("noise covariance", "runs \(i) and \(j): not invertible (\(error)); use shrinkage_diag or shrinkage_eye")
                }
                let kernel = x.run(i).multiplied(by: wTest)   // K x K: m_i W m_j'
                var n = 0
                for a in 0..<k {
                    for b in (a + 1)..<k {
                        sum[n] += (kernel[a, a] + kernel[b, b] - kernel[a, b] - kernel[b, a]) / p
                        n += 1
                    }
                }
                pairs += 1
            }
        }
        return try RDM(conditions: k, dissimilarities: sum.map { $0 / Double(pairs) }, measure: RDMMethod.crossnobis.rawValue)
    }

    /// Mahalanobis on the condition means over runs, with the precision `(mean_r S_r)^-1`.
    public static func mahalanobis(_ x: PatternSet, runCovariances: [Matrix<Double>]) throws -> RDM {
        try check(x, runCovariances)
        var mean = runCovariances[0]
        for r in 1..<runCovariances.count { for e in 0..<mean.elements.count { mean.elements[e] += runCovariances[r].elements[e] } }
        for e in 0..<mean.elements.count { mean.elements[e] /= Double(runCovariances.count) }
        let precision = try NoisePrecision.invert(mean)
        return try RDMCalculator.compute(x, method: .mahalanobis, options: RDMOptions(noise: .full(precision)))
    }

    static func check(_ x: PatternSet, _ covariances: [Matrix<Double>]) throws {
        guard covariances.count == x.runs else {
            throw RSAError("noise", "\(covariances.count) noise covariances for \(x.runs) runs: give one per run")
        }
        for (r, c) in covariances.enumerated() where c.rows != x.channels || c.columns != x.channels {
            throw RSAError("noise", "run \(r): covariance is \(c.rows)x\(c.columns), patterns have \(x.channels) channels")
        }
    }
}

extension PatternSet {
    /// The same measurements restricted to some channels (in the given order).
    public func selectingChannels(_ channels: [Int]) throws -> PatternSet {
        guard let bad = channels.first(where: { $0 < 0 || $0 >= self.channels }) else {
            var out = [Double]()
            out.reserveCapacity(runs * conditions * channels.count)
            for row in 0..<(runs * conditions) { for c in channels { out.append(values[row * self.channels + c]) } }
            return try PatternSet(runs: runs, conditions: conditions, channels: channels.count, values: out, conditionNames: conditionNames)
        }
        throw RSAError("patterns", "channel \(bad) is outside 0..<\(self.channels)")
    }
}
