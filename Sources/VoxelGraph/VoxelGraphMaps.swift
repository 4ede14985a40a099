import LinearAlgebra
import Dispatch

/// The per-voxel maps by their `stat-` names (what a pipeline's `stages.voxelgraph.maps` lists).
public enum VoxelMapStat: String, Sendable, CaseIterable {
    case degree, strength, triangles, clustering, eigenvector, ecm
}

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
    /// Wall seconds per step (graph = correlations + edges, of which `products` in dgemm), for
    /// `--timings`; never written to sidecars (reruns stay byte-identical).
    public let timings: [(step: String, seconds: Double)]

    /// The maps by their `stat-` names, in output order.
    public var named: [(stat: String, values: [Double])] {
        [("degree", degree.map(Double.init)), ("strength", strength), ("triangles", triangles.map(Double.init)),
         ("clustering", clustering), ("eigenvector", eigenvector), ("ecm", ecm)]
    }

    /// Builds the graph of `series` under `rule` and computes every map, with `threads` workers
    /// in each parallel step (the maps do not depend on their number); `triangleGroups` orders
    /// the nodes for the triangle count (`Triangles.spatialGroups`; the counts do not depend on it).
    public static func compute(_ series: NormalizedVoxelSeries, rule: EdgeRule, coordinates: [Double],
                               solver: LeadingEigenvector = .init(), blockSize: Int = 2048,
                               threads: Int = BLASThreads.cores, triangleGroups: [Int32]? = nil) throws -> VoxelGraphMaps {
        var clock = DispatchTime.now().uptimeNanoseconds
        var timings: [(step: String, seconds: Double)] = []
        func lap(_ step: String) {
            let now = DispatchTime.now().uptimeNanoseconds
            timings.append((step, Double(now - clock) / 1e9)); clock = now
        }
        let built = try VoxelGraphBuilder.build(series, rule: rule, coordinates: coordinates, blockSize: blockSize, threads: threads)
        lap("graph")
        timings.append(("products", built.productSeconds))
        let g = built.graph
        let t = Triangles.count(g, threads: threads, groups: triangleGroups)
        lap("triangles")
        let (ev, evr) = VoxelCentrality.eigenvector(g, solver: solver, threads: threads)
        lap("eigenvector")
        let (ecm, ecr) = VoxelCentrality.ecm(series, solver: solver, threads: threads)
        lap("ecm")
        var warnings: [String] = []
        if g.edgeCount == 0 { warnings.append("the graph has no edge: degree, strength, triangles, clustering and eigenvector maps are 0") }
        if !evr.converged { warnings.append("eigenvector: Lanczos stopped at relative residual \(evr.relativeResidual) above the tolerance \(solver.tolerance)") }
        if !ecr.converged { warnings.append("ecm: Lanczos stopped at relative residual \(ecr.relativeResidual) above the tolerance \(solver.tolerance)") }
        return VoxelGraphMaps(degree: (0..<g.nodeCount).map(g.degree), strength: built.strength, triangles: t,
                              clustering: Triangles.clustering(triangles: t, graph: g), eigenvector: ev, ecm: ecm,
                              edgeCount: g.edgeCount, candidatePairs: built.candidatePairs, weakestEdgeKey: built.weakestEdgeKey,
                              eigenvectorSolve: evr, ecmSolve: ecr, warnings: warnings, timings: timings)
    }
}
