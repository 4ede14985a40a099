/// Per-voxel maps of a voxel graph, one value per node (`series.voxels` order).
public struct VoxelGraphMaps: Sendable {
    public let degree: [Int]
    public let strength: [Double]
    public let triangles: [Int]
    public let clustering: [Double]
    public let eigenvector: [Double]
    public let ecm: [Double]
    public let edgeCount: Int
    public let candidatePairs: Int
    public let weakestEdgeKey: Double?
    public let eigenvectorSolve: LeadingEigenvector.Result
    public let ecmSolve: LeadingEigenvector.Result
    public let warnings: [String]

    /// The maps by their `stat-` names, in output order.
    public var named: [(stat: String, values: [Double])] {
        [("degree", degree.map(Double.init)), ("strength", strength), ("triangles", triangles.map(Double.init)),
         ("clustering", clustering), ("eigenvector", eigenvector), ("ecm", ecm)]
    }

    /// Builds the graph of `series` under `rule` and computes every map.
    public static func compute(_ series: NormalizedVoxelSeries, rule: EdgeRule, coordinates: [Double],
                               solver: LeadingEigenvector = .init(), blockSize: Int = 2048) throws -> VoxelGraphMaps {
        let built = try VoxelGraphBuilder.build(series, rule: rule, coordinates: coordinates, blockSize: blockSize)
        let g = built.graph
        let t = Triangles.count(g)
        let (ev, evr) = VoxelCentrality.eigenvector(g, solver: solver)
        let (ecm, ecr) = VoxelCentrality.ecm(series, solver: solver)
        var warnings: [String] = []
        if g.edgeCount == 0 { warnings.append("the graph has no edge: degree, strength, triangles, clustering and eigenvector maps are 0") }
        if !evr.converged { warnings.append("eigenvector: Lanczos stopped at relative residual \(evr.relativeResidual) above the tolerance \(solver.tolerance)") }
        if !ecr.converged { warnings.append("ecm: Lanczos stopped at relative residual \(ecr.relativeResidual) above the tolerance \(solver.tolerance)") }
        return VoxelGraphMaps(degree: (0..<g.nodeCount).map(g.degree), strength: built.strength, triangles: t,
                              clustering: Triangles.clustering(triangles: t, graph: g), eigenvector: ev, ecm: ecm,
                              edgeCount: g.edgeCount, candidatePairs: built.candidatePairs, weakestEdgeKey: built.weakestEdgeKey,
                              eigenvectorSolve: evr, ecmSolve: ecr, warnings: warnings)
    }
}
