import LinearAlgebra

/// RDM comparators with rsatoolbox 0.3.2's definitions (`rsatoolbox.rdm.compare`), on
/// condensed vectors x, y of N pairs.
public enum RDMComparator: String, CaseIterable, Sendable {
    /// `<x, y> / (|x| |y|)`.
    case cosine
    /// Pearson correlation.
    case corr
    /// Pearson correlation of average ranks.
    case spearman
    /// `12 sum (rx - mean)(ry - mean) / (N^3 - N)` (expected Spearman under random tie breaking).
    case rhoA = "rho-a"
    /// Kendall's tau-b (scipy.stats.kendalltau).
    case kendall
    /// Kendall's tau-a: `(concordant - discordant) / (N(N-1)/2)`.
    case tauA = "tau-a"
    /// Whitened cosine, sigma_k None: `<Gx, Gy>_F / (|Gx|_F |Gy|_F)`, `G = -H D H / 2`.
    case cosineCov = "cosine_cov"
    /// `cosine_cov` after subtracting the mean from x and y.
    case corrCov = "corr_cov"
    /// `tr((Gx^1/2 Gy Gx^1/2)^1/2) / sqrt(tr Gx tr Gy)`.
    case bures
    /// `tr Gx + tr Gy - 2 tr((Gx^1/2 Gy Gx^1/2)^1/2)` (squared Bures metric).
    case buresMetric = "bures_metric"
    /// Minus the Riemannian distance between second moments, minimised over two scales
    /// (Nelder-Mead from (0, 0), as rsatoolbox via scipy).
    case negRiemDist = "neg_riem_dist"

    /// Accepts these aliases too: "tau-b"/"tau_b" (kendall), "pearson"/"correlation" (corr), and the
    /// hyphen/underscore variants of "rho-a", "tau-a", "cosine_cov", "corr_cov", "bures_metric", "neg_riem_dist".
    public init?(name: String) {
        let aliases: [String: RDMComparator] = ["tau-b": .kendall, "tau_b": .kendall, "pearson": .corr, "correlation": .corr,
                                                "rho_a": .rhoA, "tau_a": .tauA, "cosine-cov": .cosineCov, "corr-cov": .corrCov,
                                                "bures-metric": .buresMetric, "neg-riem-dist": .negRiemDist]
        if let m = RDMComparator(rawValue: name) ?? aliases[name] { self = m } else { return nil }
    }
}

public enum RDMComparison {
    /// `compare(rdm1, rdm2, method)` for one pair of RDMs. Pairs that are NaN in either RDM
    /// (bootstrap duplicates) are left out, as rsatoolbox does.
    public static func compare(_ a: RDM, _ b: RDM, method: RDMComparator) throws -> Double {
        guard a.conditions == b.conditions else {
            throw RSAError("RDMs", "cannot compare a \(a.conditions)-condition RDM with a \(b.conditions)-condition RDM")
        }
        var x = a.dissimilarities, y = b.dissimilarities
        let hasNaN = x.contains { $0.isNaN } || y.contains { $0.isNaN }
        if hasNaN {
            switch method {
            case .cosineCov, .corrCov, .bures, .buresMetric, .negRiemDist:
                throw RSAError("RDMs", "\(method.rawValue) needs complete RDMs (no NaN pairs, e.g. no repeated conditions in a bootstrap sample)")
            default:
                let keep = (0..<x.count).filter { !x[$0].isNaN && !y[$0].isNaN }
                x = keep.map { x[$0] }; y = keep.map { y[$0] }
            }
        }
        return try compareVectors(x, y, conditions: a.conditions, method: method)
    }

    /// The comparators on condensed vectors (complete, same length).
    public static func compareVectors(_ x: [Double], _ y: [Double], conditions k: Int, method: RDMComparator) throws -> Double {
        switch method {
        case .cosine: return cosine(x, y)
        case .corr: return cosine(centred(x), centred(y))
        case .spearman: return cosine(centred(Ranks.average(x)), centred(Ranks.average(y)))
        case .rhoA: return rhoA(x, y)
        case .kendall: return KendallTau.tauB(x, y)
        case .tauA: return KendallTau.tauA(x, y)
        case .cosineCov: return cosineCov(x, y, conditions: k)
        case .corrCov: return cosineCov(centred(x), centred(y), conditions: k)
        case .bures: return try SecondMomentComparison.bures(x, y, conditions: k).similarity
        case .buresMetric: return try SecondMomentComparison.bures(x, y, conditions: k).squaredMetric
        case .negRiemDist: return try SecondMomentComparison.negativeRiemannianDistance(x, y, conditions: k)
        }
    }

    /// rsatoolbox `_cosine`: `(x.y / |x|) / |y|`.
    static func cosine(_ x: [Double], _ y: [Double]) -> Double {
        var xy = 0.0, xx = 0.0, yy = 0.0
        for i in 0..<x.count { xy += x[i] * y[i]; xx += x[i] * x[i]; yy += y[i] * y[i] }
        return xy / xx.squareRoot() / yy.squareRoot()
    }

    static func centred(_ x: [Double]) -> [Double] {
        let m = x.reduce(0, +) / Double(x.count)
        return x.map { $0 - m }
    }

    static func rhoA(_ x: [Double], _ y: [Double]) -> Double {
        let rx = centred(Ranks.average(x)), ry = centred(Ranks.average(y))
        let n = Double(x.count)
        var s = 0.0
        for i in 0..<rx.count { s += rx[i] * ry[i] }
        return s / (n * n * n - n) * 12
    }

    /// Double-centred second moment `G = -H D H / 2` of a condensed RDM, as a K x K matrix.
    static func secondMoment(_ v: [Double], conditions k: Int) -> Matrix<Double> {
        var g = Matrix<Double>(rows: k, columns: k)
        var n = 0
        for i in 0..<k { for j in (i + 1)..<k { g[i, j] = -v[n] / 2; g[j, i] = -v[n] / 2; n += 1 } }
        var rowMean = [Double](repeating: 0, count: k)
        for i in 0..<k { for j in 0..<k { rowMean[i] += g[i, j] } ; rowMean[i] /= Double(k) }
        let all = rowMean.reduce(0, +) / Double(k)
        for i in 0..<k { for j in 0..<k { g[i, j] = g[i, j] - rowMean[i] - rowMean[j] + all } }
        return g
    }

    /// `<Gx, Gy>_F / (|Gx|_F |Gy|_F)`.
    static func cosineCov(_ x: [Double], _ y: [Double], conditions k: Int) -> Double {
        let gx = secondMoment(x, conditions: k), gy = secondMoment(y, conditions: k)
        return cosine(gx.elements, gy.elements)
    }
}

extension RDMComparison {
    /// Every RDM of `rows` compared with every RDM of `columns` (`neurorep compare` on two stacks,
    /// and a pipeline's ROI x layer similarity table): values[i][j] = compare(rows[i], columns[j]).
    public static func matrix(_ rows: [RDM], _ columns: [RDM], method: RDMComparator) throws -> [[Double]] {
        try rows.map { r in try columns.map { try compare(r, $0, method: method) } }
    }

    /// The column with the largest value of a row (the most similar model; NaN never wins).
    public static func best(_ values: [Double]) -> Int? {
        values.indices.filter { !values[$0].isNaN }.max { values[$0] < values[$1] }
    }
}
