import ROIExtraction

/// The group mean of one kind of per-run map (a `stat-degree` map, a seed's `stat-z` map):
/// the runs of each subject are averaged first, then the subjects, so a subject with more runs
/// weighs as much as one with a single run. Every map must lie on the first map's grid (same
/// shape, affines equal within `VoxelGrid.isSame`): a map on another grid is refused, naming
/// both files, rather than resampled. Fisher z maps are averaged as they are (mean of z, the
/// usual group estimate of a correlation), never as r.
public enum GroupMeanMap {
    public struct Result: Sendable {
        public let grid: VoxelGrid
        /// One value per grid voxel (NIfTI order).
        public let values: [Double]
        public let subjects: Int
        public let runs: Int
    }

    /// - Parameter maps: per subject (in any order), the paths of its runs' maps.
    public static func mean(_ maps: [(subject: String, paths: [String])]) throws -> Result {
        let groups = maps.filter { !$0.paths.isEmpty }
        guard let firstPath = groups.first?.paths.first else {
            throw VoxelGraphError(path: "group", kind: .badInput, detail: "no subject map to average")
        }
        let first = try Volume3D.read(path: firstPath, role: "map")
        var total = [Double](repeating: 0, count: first.grid.voxelCount)
        var runs = 0
        for g in groups {
            var subject = [Double](repeating: 0, count: first.grid.voxelCount)
            for path in g.paths {
                let v = path == firstPath ? first : try Volume3D.read(path: path, role: "map")
                guard v.grid.isSame(as: first.grid) else {
                    throw VoxelGraphError(path: path, kind: .gridMismatch,
                                          detail: "sub-\(g.subject)'s map is on another grid (\(v.grid.summary), affine \(v.grid.affine.rows)) than \(firstPath) (\(first.grid.summary), affine \(first.grid.affine.rows)); a group mean needs every subject on one grid (the same output space and resolution)")
                }
                for i in subject.indices { subject[i] += v.values[i] }
                runs += 1
            }
            let n = Double(g.paths.count)
            for i in total.indices { total[i] += subject[i] / n }
        }
        let s = Double(groups.count)
        return Result(grid: first.grid, values: total.map { $0 / s }, subjects: groups.count, runs: runs)
    }
}
