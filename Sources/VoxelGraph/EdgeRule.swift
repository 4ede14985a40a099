import Provenance

/// Which voxel pairs become edges.
///
/// * `threshold(T)`: r > T (`sign == .positive`, T in [-1, 1)) or |r| > T (`.absolute`,
///   T in [0, 1)); strict inequality, as AFNI 3dDegreeCentrality `-thresh`.
/// * `density(D)`: the K = round(D * P) pairs with the largest r (or |r|), D in (0, 1], P the
///   number of candidate pairs (node pairs not dropped by the exclusion radius), rounding half
///   up (bctpy's `teachers_round`, as `Graphs.Thresholding.proportional`). Ties are broken by
///   pair order: the pair (a, b), a < b node indices, ranks before (c, d) when a < c, or a = c
///   and b < d. Exact: chosen in double precision by a histogram pass and a second pass over
///   the cut bin (no pair list is stored).
/// * `excludeRadius`: pairs whose voxel centres are closer than this many mm (Euclidean, from
///   the affine) are never edges (and do not count in P); nil keeps every pair.
public struct EdgeRule: Sendable, Equatable {
    public enum Selection: Sendable, Equatable {
        case threshold(Double)
        case density(Double)
    }

    public enum Sign: String, Sendable, CaseIterable {
        case positive, absolute
    }

    public var selection: Selection
    public var sign: Sign
    public var excludeRadius: Double?

    public init(selection: Selection, sign: Sign = .positive, excludeRadius: Double? = nil) {
        self.selection = selection; self.sign = sign; self.excludeRadius = excludeRadius
    }

    /// Checks the ranges; errors name the option.
    public func validate() throws {
        switch selection {
        case .threshold(let t):
            let lower = sign == .absolute ? 0.0 : -1.0
            guard t.isFinite, t >= lower, t < 1 else {
                throw VoxelGraphError.parameter("--threshold", "must be a correlation in [\(lower == 0 ? "0" : "-1"), 1) with --sign \(sign.rawValue), got \(t)")
            }
        case .density(let d):
            guard d.isFinite, d > 0, d <= 1 else {
                throw VoxelGraphError.parameter("--density", "must be a fraction of pairs in (0, 1], got \(d)")
            }
        }
        if let r = excludeRadius, !(r.isFinite && r >= 0) {
            throw VoxelGraphError.parameter("--exclude-radius", "must be a non-negative distance in mm, got \(r)")
        }
    }

    /// The ranking key of a correlation: r, or |r| with `--sign absolute`.
    @inline(__always) func key(_ r: Double) -> Double { sign == .absolute ? Swift.abs(r) : r }

    public var provenance: [String: ProvenanceValue] {
        var p: [String: ProvenanceValue] = ["sign": .string(sign.rawValue), "exclude_radius_mm": .optional(excludeRadius)]
        switch selection {
        case .threshold(let t): p["threshold"] = .double(t); p["density"] = .null
        case .density(let d): p["density"] = .double(d); p["threshold"] = .null
        }
        return p
    }
}
