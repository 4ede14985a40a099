import ArgumentParser
import ArrayFiles
import Foundation
import Graphs
import Provenance

/// `neurorep graph`: threshold a connectivity matrix into a graph and write BCT metrics
/// (nodes.tsv, global.json, graph.graphml, with provenance).
struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Graph metrics of a connectivity matrix (Brain Connectivity Toolbox definitions, bctpy parity).",
        discussion: """
        Order: diagonal cleared, negative-weight policy, threshold. Writes DIR/nodes.tsv (a row per node), \
        DIR/global.json and DIR/graph.graphml; with --negatives keep also the *_negative files of the \
        graph of negative weights. --seed S reproduces bct.community_louvain(W, seed=S) and rewires the \
        r-th small-world reference graph as bct.randmio_und(A, ITER, seed=S+r).
        """
    )

    @Option(name: .long, help: "Connectivity matrix: .npy (n x n, or k x n x n with --index) or .tsv/.csv with a header of node names.")
    var matrix: String

    @Option(name: .long, help: "Matrix of a k x n x n .npy stack to use (0-based).")
    var index: Int?

    @Option(name: .long, help: "Keep round(P n(n-1)/2) strongest edges (bctpy threshold_proportional).")
    var proportional: Double?

    @Option(name: .long, help: "Keep weights >= T (bctpy threshold_absolute).")
    var absolute: Double?

    @Option(name: .long, help: "Density target D: strongest edges, whole tie groups only, density <= D.")
    var density: Double?

    @Option(name: .long, help: "Negative weights: drop (set to 0), abs (use |w|), keep (separate graph).")
    var negatives: String = "drop"

    @Option(name: .long, help: "Seed of Louvain and of the rewired graphs.")
    var seed: UInt32 = 0

    @Option(name: .long, help: "Louvain resolution gamma.")
    var gamma: Double = 1

    @Option(name: .customLong("n-rand"), help: "Random graphs for small-worldness (0 = skip).")
    var nRand: Int = 10

    @Option(name: .customLong("rand-iter"), help: "Rewiring iterations per edge (randmio_und ITER).")
    var randIter: Int = 5

    @Option(name: .long, help: "Node names: a TSV/CSV with a 'name' column, one row per node (overrides table headers).")
    var labels: String?

    @Option(name: .long, help: "Output directory.")
    var out: String

    func validate() throws {
        let rules = [proportional, absolute, density].compactMap { $0 }
        guard rules.count == 1 else {
            throw ValidationError("give exactly one of --proportional P, --absolute T, --density D")
        }
        guard NegativeWeightPolicy(rawValue: negatives) != nil else {
            throw ValidationError("--negatives must be drop, abs or keep (got '\(negatives)')")
        }
        guard nRand >= 0, randIter >= 1 else { throw ValidationError("--n-rand must be >= 0 and --rand-iter >= 1") }
        guard gamma.isFinite, gamma > 0 else { throw ValidationError("--gamma must be positive") }
    }

    var rule: ThresholdRule {
        if let p = proportional { return .proportional(p) }
        if let t = absolute { return .absolute(t) }
        return .density(density!)
    }

    func run() throws {
        do {
            let loaded = try ConnectivityInput.read(matrix, index: index)
            var names = loaded.names
            if let l = labels {
                let t = try DelimitedTable.read(l)
                let j = try t.columnIndex("name", file: l)
                guard t.rows.count == loaded.matrix.rows else {
                    throw CLIError("\(l): \(t.rows.count) names for \(loaded.matrix.rows) nodes")
                }
                names = t.rows.map { $0[j] }
            }
            let policy = NegativeWeightPolicy(rawValue: negatives)!
            let prepared: PreparedGraphs
            do {
                prepared = try GraphPreparation.prepare(connectivity: loaded.matrix, threshold: rule, negatives: policy)
            } catch {
                throw CLIError("\(matrix): \(error)")
            }
            var options = GraphAnalysisOptions()
            options.gamma = gamma; options.seed = seed; options.randomGraphs = nRand; options.rewiringIterations = randIter

            var record = ProvenanceRecord(command: "neurorep graph")
            var params: [String: ProvenanceValue] = [
                "negatives": .string(negatives), "seed": .int(Int(seed)), "gamma": .double(gamma),
                "n_rand": .int(nRand), "rand_iter": .int(randIter), "index": .optional(index),
            ]
            for (k, v) in rule.parameters { params[k] = .double(v) }
            record.parameters = params
            try record.addInput(matrix)
            if let l = labels { try record.addInput(l) }

            var graphs: [(Graph, Thresholding.Result, String, String)] =
                [(prepared.graph, prepared.threshold, "", policy == .abs ? "absolute" : "positive")]
            if let ng = prepared.negativeGraph, let nt = prepared.negativeThreshold {
                graphs.append((ng, nt, "_negative", "negative"))
            }
            // every analysis first, so a failure leaves no output behind
            let analyses = try graphs.map { try GraphAnalysis.run($0.0, options: options) }
            let unit = try OutputUnit(root: out)
            var lines: [String] = []
            for ((g, t, suffix, kind), analysis) in zip(graphs, analyses) {
                let extra: [String: ProvenanceValue] = [
                    "graph": .string(kind),
                    "threshold": .object(rule.parameters.mapValues { .double($0) }),
                    "negatives": .string(negatives),
                    "n_negative_edges_input": .int(prepared.negativeEntriesInInput),
                    "tied_at_cutoff": .int(t.tiedAtCutoff),
                    "provenance": record.value,
                ]
                // nodes.tsv -> nodes.json; graph.json lists graph.graphml and global.json (which also carries its provenance inside)
                let paths = try GraphExport.stage(analysis, to: out, fileSuffix: suffix, names: names, extra: extra, into: unit)
                try unit.describeOnce(stem: "\(out)/nodes", record: record)
                try unit.describeOnce(stem: "\(out)/graph", record: record, also: [paths[1]])
                let q = analysis.global("modularity_q").map { String(format: "%.6f", $0) } ?? "n/a"
                let sigma = analysis.smallWorld.map { String(format: "%.3f", $0.sigma) } ?? "n/a"
                lines.append("\(kind) graph: \(g.nodeCount) nodes, \(g.edgeCount) edges, density \(String(format: "%.4f", Degree.density(g))), "
                      + "Q \(q), sigma \(sigma) -> \(paths.joined(separator: ", "))")
            }
            try unit.commit()
            for l in lines { print(l) }
        } catch let e as CLIError {
            throw e
        } catch {
            throw CLIError(error)
        }
    }
}
