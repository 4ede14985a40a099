import LinearAlgebra

/// Small-worldness sigma (Humphries et al. 2008) against degree-preserving random graphs.
///
/// C = mean binary clustering, L = finite-only characteristic path length of the binary graph;
/// C_rand, L_rand = their means over `randomGraphs` graphs `Rewiring.randomize(A, iterations,
/// seed: seed + r)` (r = 0 ..< randomGraphs, i.e. `bct.randmio_und(A, iterations, seed=seed+r)`);
/// gamma = C / C_rand, lambda = L / L_rand, sigma = gamma / lambda.
public enum SmallWorld {
    public struct Result: Sendable {
        public let c: Double, l: Double, cRand: Double, lRand: Double
        public let gamma: Double, lambda: Double, sigma: Double
        public let randomGraphs: Int, rewiringIterations: Int, seed: UInt32
    }

    public static func sigma(_ g: Graph, randomGraphs: Int = 10, iterations: Int = 5, seed: UInt32 = 0) throws -> Result {
        guard randomGraphs > 0 else { throw GraphError.invalidParameter("small-worldness needs at least one random graph") }
        guard iterations >= 1 else { throw GraphError.invalidParameter("rewiring iterations must be >= 1, got \(iterations)") }
        let a = g.binaryGraph
        // randmio_und makes iterations x edges attempts: the count must fit (the value is the user's)
        guard !iterations.multipliedReportingOverflow(by: Swift.max(1, a.edgeCount)).overflow else {
            throw GraphError.invalidParameter("rewiring iterations \(iterations) x \(a.edgeCount) edges overflows a 64-bit count; use a smaller --rand-iter")
        }
        func cl(_ x: Graph) -> (Double, Double) {
            let c = Clustering.binary(x)
            let l = Distance.characteristicPath(Distance.binary(x), includeInfinite: false).characteristicPathLength
            return (NumPySummation.pairwiseSum(c) / Double(c.count), l)
        }
        let (c, l) = cl(a)
        var cs: [Double] = [], ls: [Double] = []
        for r in 0..<randomGraphs {
            let rw = Rewiring.randomize(a, iterations: iterations, seed: seed &+ UInt32(r))
            let (cr, lr) = cl(try Graph(weights: rw.weights))
            cs.append(cr); ls.append(lr)
        }
        let cRand = NumPySummation.pairwiseSum(cs) / Double(randomGraphs)
        let lRand = NumPySummation.pairwiseSum(ls) / Double(randomGraphs)
        let gamma = c / cRand, lambda = l / lRand
        return Result(c: c, l: l, cRand: cRand, lRand: lRand, gamma: gamma, lambda: lambda, sigma: gamma / lambda,
                      randomGraphs: randomGraphs, rewiringIterations: iterations, seed: seed)
    }
}
