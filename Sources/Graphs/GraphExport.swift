import ArrayFiles
import AtomicFiles
import Foundation
import Provenance

/// The three exports of an analysis: per-node TSV, global JSON, GraphML.
public enum GraphExport {
    /// Node metrics, a row per node: `node` (1-based index), `name`, then every column of
    /// `GraphAnalysis.nodeColumns`. NaN is written `n/a` (BIDS).
    public static func nodeTable(_ a: GraphAnalysis, names: [String]? = nil) -> DelimitedTable {
        let n = a.graph.nodeCount
        let labels = names ?? (0..<n).map { "node\($0 + 1)" }
        let rows: [[String]] = (0..<n).map { i in
            [String(i + 1), labels[i]] + a.nodeColumns.map { DelimitedTable.format($0.values[i]) }
        }
        return DelimitedTable(columns: ["node", "name"] + a.nodeColumns.map(\.name), rows: rows)
    }

    /// Names of globals that are counts (written as JSON integers).
    static let integerGlobals: Set<String> = ["n_nodes", "n_edges", "n_components", "largest_component", "n_modules"]

    /// Global metrics as a JSON object: every scalar of `GraphAnalysis.globals` (non-finite
    /// values as the strings "inf"/"nan"), `global_means` of the node columns, `modules`,
    /// `louvain` settings and `small_world` (null when skipped).
    public static func globalJSON(_ a: GraphAnalysis, extra: [String: ProvenanceValue] = [:]) -> ProvenanceValue {
        var o: [String: ProvenanceValue] = [:]
        for (k, v) in a.globals {
            if integerGlobals.contains(k), v.isFinite { o[k] = .int(Int(v)) } else { o[k] = .double(v) }
        }
        o["global_means"] = .object(Dictionary(uniqueKeysWithValues: a.nodeMeans.map { ($0.name, ProvenanceValue.double($0.value)) }))
        o["modules"] = a.louvain.map { .ints($0.modules) } ?? .null
        o["louvain"] = ["gamma": .double(a.options.gamma), "seed": .int(Int(a.options.seed)),
                        "algorithm": "bctpy 0.6.1 community_louvain (B='modularity'), NumPy RandomState(seed) node order"]
        if let s = a.smallWorld {
            o["small_world"] = ["C": .double(s.c), "L": .double(s.l), "C_rand": .double(s.cRand), "L_rand": .double(s.lRand),
                                "gamma": .double(s.gamma), "lambda": .double(s.lambda), "sigma": .double(s.sigma),
                                "n_rand": .int(s.randomGraphs), "rewire_iter": .int(s.rewiringIterations),
                                "seeds": .ints((0..<s.randomGraphs).map { Int(s.seed) + $0 })]
        } else {
            o["small_world"] = .null
        }
        for (k, v) in extra { o[k] = v }
        return .object(o)
    }

    /// The graph as GraphML 1.0 (undirected): every node with `label` (Gephi's node label)
    /// and the node metrics as attributes, every edge once with its `weight` (declared
    /// `attr.type="double"`, the key Gephi and networkx read as the edge weight).
    /// Non-finite values are written `NaN` / `Infinity` / `-Infinity` (Java and Python parse both).
    public static func graphML(_ a: GraphAnalysis, names: [String]? = nil) -> String {
        let g = a.graph, n = g.nodeCount
        let labels = names ?? (0..<n).map { "node\($0 + 1)" }
        let intColumns: Set<String> = ["degree", "module", "component"]
        var s = """
        <?xml version="1.0" encoding="UTF-8"?>
        <graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">

        """
        s += "  <key id=\"weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n"
        s += "  <key id=\"label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n"
        for c in a.nodeColumns {
            s += "  <key id=\"\(c.name)\" for=\"node\" attr.name=\"\(c.name)\" attr.type=\"\(intColumns.contains(c.name) ? "int" : "double")\"/>\n"
        }
        s += "  <graph id=\"G\" edgedefault=\"undirected\">\n"
        for i in 0..<n {
            s += "    <node id=\"n\(i)\">\n      <data key=\"label\">\(xmlEscape(labels[i]))</data>\n"
            for c in a.nodeColumns {
                let v = c.values[i]
                let text = intColumns.contains(c.name) && v.isFinite ? String(Int(v)) : number(v)
                s += "      <data key=\"\(c.name)\">\(text)</data>\n"
            }
            s += "    </node>\n"
        }
        for i in 0..<n {
            for j in g.neighbors[i] where j > i {
                s += "    <edge source=\"n\(i)\" target=\"n\(j)\"><data key=\"weight\">\(number(g.weights[i, j]))</data></edge>\n"
            }
        }
        s += "  </graph>\n</graphml>\n"
        return s
    }

    static func number(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v > 0 ? "Infinity" : "-Infinity" }
        return "\(v)"
    }

    static func xmlEscape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(c)
            }
        }
        return out
    }

    /// Writes `prefix`nodes.tsv, `prefix`global.json and `prefix`graph.graphml into `directory`
    /// atomically and returns their paths.
    public static func write(_ a: GraphAnalysis, to directory: String, fileSuffix: String = "", names: [String]? = nil,
                             extra: [String: ProvenanceValue] = [:]) throws -> [String] {
        let dir = URL(fileURLWithPath: directory)
        let nodes = dir.appendingPathComponent("nodes\(fileSuffix).tsv").path
        let global = dir.appendingPathComponent("global\(fileSuffix).json").path
        let graphml = dir.appendingPathComponent("graph\(fileSuffix).graphml").path
        try nodeTable(a, names: names).write(to: nodes)
        try AtomicFile.write(globalJSON(a, extra: extra).jsonText() + "\n", to: global)
        try AtomicFile.write(graphML(a, names: names), to: graphml)
        return [nodes, global, graphml]
    }

    /// Stages `nodes<suffix>.tsv`, `global<suffix>.json`, `graph<suffix>.graphml` of `directory`
    /// into `unit` (`neurorep graph`'s fixed names) and returns their final paths.
    public static func stage(_ a: GraphAnalysis, to directory: String, fileSuffix: String = "", names: [String]? = nil,
                             extra: [String: ProvenanceValue] = [:], into unit: OutputUnit) throws -> [String] {
        let dir = URL(fileURLWithPath: directory)
        let paths = ["nodes\(fileSuffix).tsv", "global\(fileSuffix).json", "graph\(fileSuffix).graphml"].map { dir.appendingPathComponent($0).path }
        try nodeTable(a, names: names).write(to: unit.path(for: paths[0], holds: "node metrics: one row per node (bctpy definitions)"))
        try AtomicFile.write(globalJSON(a, extra: extra).jsonText() + "\n",
                             to: unit.path(for: paths[1], holds: "global metrics (efficiency, modularity, small-worldness...) and the parameters, as JSON"))
        try AtomicFile.write(graphML(a, names: names), to: unit.path(for: paths[2], holds: "the thresholded weighted graph with node metrics (GraphML)"))
        return paths
    }

    /// Stages `<stem>_nodes.tsv`, `<stem>_global.json` and `<stem>_graph.graphml` into `unit`,
    /// described by one sidecar `<stem>.json` (pipelines: the stem is `…_desc-graph`, so the
    /// global metrics keep their own file and the sidecar cannot overwrite them).
    public static func stage(_ a: GraphAnalysis, names: [String]?, stem: String, into unit: OutputUnit, record: ProvenanceRecord,
                             extra: [String: ProvenanceValue] = [:]) throws {
        let nodes = try unit.path(for: stem + "_nodes.tsv", holds: "node metrics: one row per node (bctpy definitions)")
        let global = try unit.path(for: stem + "_global.json", holds: "global metrics (efficiency, modularity, small-worldness...) as JSON")
        let graphml = try unit.path(for: stem + "_graph.graphml", holds: "the thresholded weighted graph with node metrics as attributes (GraphML)")
        try nodeTable(a, names: names).write(to: nodes)
        try AtomicFile.write(globalJSON(a, extra: extra).jsonText() + "\n", to: global)
        try AtomicFile.write(graphML(a, names: names), to: graphml)
        try unit.describe(stem: stem, record: record)
    }
}
