import ArrayFiles
import Foundation
import NIfTI

/// Condition patterns from NIfTI beta maps, one pattern set per ROI of a label atlas on the
/// same voxel grid. The maps are streamed one volume at a time (never a float64 copy of a 4D
/// stack); only the atlas voxels are kept.
public enum BetaMapPatterns {
    /// The patterns of one ROI.
    public struct ROI: Sendable {
        /// Atlas label (> 0).
        public var label: Int
        public var patterns: PatternSet
        /// Voxels of the label left out because some map is NaN/inf there (SPM-style masks).
        public var excludedVoxels: Int
        /// Flat NIfTI indices (`i + nx * (j + ny * k)`) of the kept voxels: the channels, in order.
        public var voxels: [Int]
    }

    /// One observation: which volume of which file holds which condition in which run.
    public struct Observation: Sendable, Equatable {
        public var condition: String
        public var run: Int
        public init(condition: String, run: Int) { self.condition = condition; self.run = run }
    }

    /// Reads the conditions table of a 4D stack: a TSV with a `condition` column (trial_type
    /// is accepted too) and an optional `run` column, one row per volume. Without a run
    /// column, the n-th occurrence of a condition is run n (rsatoolbox's default cv descriptor).
    public static func observations(tsv path: String) throws -> [Observation] {
        let table = try DelimitedTable.read(path)
        let cIndex: Int
        if let c = table.columns.firstIndex(of: "condition") ?? table.columns.firstIndex(of: "trial_type") { cIndex = c } else {
            throw RSAError(path, "needs a 'condition' (or 'trial_type') column; has \(table.columns.joined(separator: ", "))")
        }
        let conditions = table.rows.map { $0[cIndex] }
        if let r = table.columns.firstIndex(of: "run") {
            return try table.rows.enumerated().map { n, row in
                guard let run = Int(row[r]) else { throw RSAError(path, "row \(n + 1): run '\(row[r])' is not an integer") }
                return Observation(condition: row[cIndex], run: run)
            }
        }
        return defaultRuns(conditions)
    }

    /// n-th occurrence of each condition -> run n.
    public static func defaultRuns(_ conditions: [String]) -> [Observation] {
        var seen: [String: Int] = [:]
        return conditions.map { c in
            let r = seen[c, default: 0]
            seen[c] = r + 1
            return Observation(condition: c, run: r)
        }
    }

    /// Patterns from volumes: `files` are 3D maps (one observation each) or one 4D stack
    /// (one observation per volume), `observations` in volume order. Conditions are ordered by
    /// first appearance; every (run, condition) must occur exactly once.
    public static func load(files: [String], observations obs: [Observation], atlas atlasPath: String) throws -> [ROI] {
        let atlas = try NIfTIImage(path: atlasPath)
        let labels = try atlas.readAllDouble()
        guard atlas.header.volumeCount == 1 else { throw RSAError(atlasPath, "the label atlas must be 3D, it has \(atlas.header.volumeCount) volumes") }
        var voxelsByLabel: [Int: [Int]] = [:]
        for (i, v) in labels.enumerated() where v != 0 {
            guard v.isFinite, v == v.rounded(), v > 0 else { throw RSAError(atlasPath, "label \(v) at voxel \(i) is not a positive integer") }
            voxelsByLabel[Int(v), default: []].append(i)
        }
        guard !voxelsByLabel.isEmpty else { throw RSAError(atlasPath, "the atlas has no labelled voxels") }
        let roiLabels = voxelsByLabel.keys.sorted()

        // Layout: runs x conditions.
        var conditionOrder: [String] = []
        for o in obs where !conditionOrder.contains(o.condition) { conditionOrder.append(o.condition) }
        let runIDs = Array(Set(obs.map(\.run))).sorted()
        var slot: [Int] = []  // observation -> row (run * K + condition)
        var filled = Set<Int>()
        for o in obs {
            let row = runIDs.firstIndex(of: o.run)! * conditionOrder.count + conditionOrder.firstIndex(of: o.condition)!
            guard filled.insert(row).inserted else { throw RSAError("conditions", "condition '\(o.condition)' occurs twice in run \(o.run)") }
            slot.append(row)
        }
        guard filled.count == runIDs.count * conditionOrder.count else {
            throw RSAError("conditions", "unbalanced design: \(runIDs.count) runs x \(conditionOrder.count) conditions need \(runIDs.count * conditionOrder.count) maps, got \(filled.count)")
        }

        // Stream the volumes; keep each ROI's voxels.
        let rows = runIDs.count * conditionOrder.count
        var values: [Int: [Float]] = [:]
        for l in roiLabels { values[l] = [Float](repeating: 0, count: rows * voxelsByLabel[l]!.count) }
        var nonFinite = [Int: Set<Int>]()
        var volume = [Float](repeating: 0, count: atlas.header.voxelsPerVolume)
        var next = 0
        for path in files {
            let img = try NIfTIImage(path: path)
            try checkGrid(img, atlas)
            let stream = try img.volumes()
            while stream.hasNext {
                guard next < obs.count else { throw RSAError(path, "more volumes than rows in the conditions table (\(obs.count))") }
                try volume.withUnsafeMutableBufferPointer { try stream.readNext(into: $0) }
                let row = slot[next]
                for l in roiLabels {
                    let vox = voxelsByLabel[l]!
                    let n = vox.count
                    values[l]!.withUnsafeMutableBufferPointer { out in
                        for (t, v) in vox.enumerated() {
                            let x = volume[v]
                            out[row * n + t] = x
                            if !x.isFinite { nonFinite[l, default: []].insert(t) }
                        }
                    }
                }
                next += 1
            }
        }
        guard next == obs.count else { throw RSAError("conditions", "\(obs.count) rows in the conditions table but \(next) volumes in the maps") }

        return try roiLabels.map { l in
            let n = voxelsByLabel[l]!.count
            let bad = nonFinite[l] ?? []
            let keep = (0..<n).filter { !bad.contains($0) }
            guard !keep.isEmpty else { throw RSAError(atlasPath, "ROI \(l): every voxel is NaN/inf in some beta map") }
            let src = values[l]!
            var out = [Double]()
            out.reserveCapacity(rows * keep.count)
            for r in 0..<rows { for t in keep { out.append(Double(src[r * n + t])) } }
            let ps = try PatternSet(runs: runIDs.count, conditions: conditionOrder.count, channels: keep.count, values: out, conditionNames: conditionOrder)
            return ROI(label: l, patterns: ps, excludedVoxels: bad.count, voxels: keep.map { voxelsByLabel[l]![$0] })
        }
    }

    static func checkGrid(_ img: NIfTIImage, _ atlas: NIfTIImage) throws {
        let a = img.header.spatialShape, b = atlas.header.spatialShape
        guard a == b else {
            throw RSAError(img.path, "voxel grid \(a) differs from the atlas \(atlas.path) grid \(b): resample the atlas to the beta maps first")
        }
        let ea = img.header.affine.elements, eb = atlas.header.affine.elements
        for i in 0..<16 where abs(ea[i] - eb[i]) > 1e-3 * Swift.max(1, abs(eb[i])) {
            throw RSAError(img.path, "affine differs from the atlas \(atlas.path) (element \(i): \(ea[i]) vs \(eb[i])): not the same grid")
        }
    }
}
