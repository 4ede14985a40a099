import Foundation

/// The statistics `neurorep glm` can write per contrast (`--stats`), in the order their files
/// are listed; names as in `<entities>_contrast-<name>_stat-<stat>_statmap.nii.gz`.
public enum GLMStatistic: String, CaseIterable, Sendable {
    case effect, variance, t, z, p

    /// What the map holds (recorded with the file).
    public var holds: String {
        switch self {
        case .effect: return "float32 effect size (contrast of the betas)"
        case .variance: return "float32 effect variance"
        case .t: return "float32 t statistic"
        case .z: return "float32 z score (nilearn's z from p)"
        case .p: return "float64 one-sided p value"
        }
    }

    /// A comma list (`effect,variance,z`) in canonical order (effect, variance, t, z, p),
    /// whatever order it was given in; an unknown, repeated or missing name is an error.
    public static func list(_ text: String) throws -> [GLMStatistic] {
        let names = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        var chosen = Set<GLMStatistic>()
        for n in names {
            guard let s = GLMStatistic(rawValue: n) else {
                throw GLMError.invalidParameter("--stats: '\(n)' is not a statistic; choose from \(allCases.map(\.rawValue).joined(separator: ", ")) (comma list, e.g. effect,variance,z)")
            }
            guard chosen.insert(s).inserted else { throw GLMError.invalidParameter("--stats: '\(n)' is given twice") }
        }
        return allCases.filter(chosen.contains)
    }
}

extension ContrastStatistics {
    /// The requested maps of this contrast over its voxels, computed on the calling thread
    /// (callers run contrasts in parallel): t only when t, z or p is asked for, the t tails
    /// (one incomplete beta per voxel) only for z or p. Each voxel's values are those of
    /// `t`, `p` and `z`, whatever else is asked for.
    public func maps(_ statistics: [GLMStatistic]) -> [GLMStatistic: [Double]] {
        var out: [GLMStatistic: [Double]] = [:]
        let want = Set(statistics)
        if want.contains(.effect) { out[.effect] = effect }
        if want.contains(.variance) { out[.variance] = variance }
        guard !want.isDisjoint(with: [.t, .z, .p]) else { return out }
        let tt = t
        if want.contains(.t) { out[.t] = tt }
        let wantZ = want.contains(.z), wantP = want.contains(.p)
        guard wantZ || wantP else { return out }
        let tails = TDistribution.Tails(dof: dof)
        var z = [Double](repeating: 0, count: wantZ ? tt.count : 0)
        var p = [Double](repeating: 0, count: wantP ? tt.count : 0)
        let n = tt.count, whole = n - n % 4
        for i in Swift.stride(from: 0, to: whole, by: 4) {
            let tl = tails.at4(SIMD4(tt[i], tt[i + 1], tt[i + 2], tt[i + 3]))
            for k in 0..<4 {
                if wantP { p[i + k] = tl.sf[k] }
                if wantZ { z[i + k] = TDistribution.zScore(tails: (tl.sf[k], tl.cdf[k])) }
            }
        }
        for i in whole..<n {
            let tl = tails.at(tt[i])
            if wantP { p[i] = tl.sf }
            if wantZ { z[i] = TDistribution.zScore(tails: tl) }
        }
        if wantZ { out[.z] = z }
        if wantP { out[.p] = p }
        return out
    }
}
