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
        // Four voxels share a SIMD lane group, which iterates until its slowest lane converges;
        // the continued fraction's length depends on |t| (dof is fixed), so the voxels are
        // taken in order of |t| (a counting sort into bins of 1/8), four similar ones at a
        // time. Each lane's value is the scalar one (tested), so the order changes nothing.
        let order = Self.orderByMagnitude(tt)
        let n = order.count, whole = n - n % 4
        for g in Swift.stride(from: 0, to: whole, by: 4) {
            let lanes = SIMD4(order[g], order[g + 1], order[g + 2], order[g + 3])
            let tl = tails.at4(SIMD4(tt[lanes[0]], tt[lanes[1]], tt[lanes[2]], tt[lanes[3]]))
            for k in 0..<4 {
                let i = lanes[k]
                if wantP { p[i] = tl.sf[k] }
                if wantZ { z[i] = TDistribution.zScore(tails: (tl.sf[k], tl.cdf[k])) }
            }
        }
        for g in whole..<n {
            let i = order[g]
            let tl = tails.at(tt[i])
            if wantP { p[i] = tl.sf }
            if wantZ { z[i] = TDistribution.zScore(tails: tl) }
        }
        if wantZ { out[.z] = z }
        if wantP { out[.p] = p }
        return out
    }

    /// Voxel indices ordered by |t| in bins of 1/8 (up to 16; larger, infinite and NaN last),
    /// stable within a bin: a counting sort, O(n).
    static func orderByMagnitude(_ t: [Double]) -> [Int] {
        let bins = 16 * 8 + 1
        func bin(_ v: Double) -> Int {
            let a = abs(v)
            return a < 16 ? Int(a * 8) : bins - 1   // NaN compares false: last bin
        }
        var counts = [Int](repeating: 0, count: bins + 1)
        for v in t { counts[bin(v) + 1] += 1 }
        for b in 0..<bins { counts[b + 1] += counts[b] }
        var order = [Int](repeating: 0, count: t.count)
        for (i, v) in t.enumerated() { let b = bin(v); order[counts[b]] = i; counts[b] += 1 }
        return order
    }
}
