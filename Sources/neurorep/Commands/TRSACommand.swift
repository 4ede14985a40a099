import ArgumentParser
import ArrayFiles
import Figures
import Foundation
import Provenance
import RSA

/// `neurorep trsa`: topological RSA (Lin & Kriegeskorte 2024, the authors' code conventions).
struct TRSACommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trsa",
        abstract: "Topological RSA: geo-topological transforms, geodesic RDMs and identification.",
        subcommands: [TRSATransformCommand.self, TRSAIdentifyCommand.self],
        defaultSubcommand: TRSATransformCommand.self
    )
}

/// `neurorep trsa --rdm RDM.npy --lower L --upper U [--geodesic] --out OUT.npy`.
struct TRSATransformCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transform",
        abstract: "RGTM (or, with --geodesic, the ranked geodesic RDM) of one RDM.",
        discussion: """
        RGTM: s = minmax(rank(d)) with average ranks; a, b = the lower and upper quantiles of s \
        (numpy linear); 0 below a, 1 above b, (s - a)/(b - a) between. --sigmoid uses \
        1/(1 + exp(-(s - beta) alpha)) instead. --geodesic: graph of the pairs with minmax(RGTM) \
        below 1 (zero-weight pairs are no edge unless --keep-zero-edges), all-pairs shortest \
        paths, then average ranks (disconnected pairs share the top rank).
        """
    )

    @Option(help: "Input RDM (.npy K x K, or .tsv).") var rdm: String
    @Option(help: "Lower quantile l in [0, 1).") var lower: Double = 0
    @Option(help: "Upper quantile u in (l, 1].") var upper: Double = 1
    @Flag(help: "Output the ranked geodesic RDM (RGDM) instead of the RGTM.") var geodesic = false
    @Flag(help: "Join zero-weight pairs at cost 0 in the geodesic graph (the authors' code leaves them out).") var keepZeroEdges = false
    @Flag(help: "Sigmoid transform instead of the (lower, upper) ramp.") var sigmoid = false
    @Option(help: "Sigmoid slope.") var alpha: Double = 10
    @Option(help: "Sigmoid centre.") var beta: Double = 0.5
    @Option(help: "Write the raw geodesic path lengths (inf = disconnected) here too (.npy).") var rawPaths: String?
    @Option(help: "Output (.npy or .tsv).") var out: String
    @Option(help: "Also write a heatmap PNG.") var heatmap: String?

    func validate() throws {
        if !sigmoid { guard lower >= 0, upper <= 1, lower < upper else { throw ValidationError("need 0 <= --lower < --upper <= 1") } }
    }

    func run() throws {
        do { try execute() } catch let e as ValidationError { throw e } catch { throw CLIError(error) }
    }

    func execute() throws {
        let input = try RDMFiles.read(rdm)
        let k = input.conditions
        let gt = sigmoid ? GeoTopological.sigmoid(input.dissimilarities, alpha: alpha, beta: beta)
            : try GeoTopological.rgtm(input.dissimilarities, lower: lower, upper: upper)
        var values = gt
        var record = ProvenanceRecord(command: "neurorep trsa", parameters: [
            "lower": .double(lower), "upper": .double(upper), "geodesic": .bool(geodesic), "keep_zero_edges": .bool(keepZeroEdges),
            "sigmoid": .bool(sigmoid), "alpha": .double(alpha), "beta": .double(beta),
        ], details: ["family": .string(TopologyFamily(lower: lower, upper: upper).rawValue)])
        try record.addInput(rdm)
        var rawPathRDM: RDM?
        var measure = sigmoid ? "rgtm(sigmoid alpha=\(alpha), beta=\(beta))" : "rgtm(l=\(lower), u=\(upper))"
        if geodesic {
            let g = GeodesicRDM.transform(rgtm: gt, conditions: k, keepZeroEdges: keepZeroEdges)
            values = g.ranks
            measure = "rgdm(\(measure))"
            record.details["disconnected_pairs"] = .int(g.disconnectedPairs)
            rawPathRDM = try RDM(conditions: k, dissimilarities: g.rawPaths)
            print("geodesic: \(g.disconnectedPairs) of \(g.rawPaths.count) pairs disconnected")
        }
        let result = try RDM(conditions: k, dissimilarities: values, measure: measure)
        let outputs = [out] + [rawPathRDM != nil ? rawPaths : nil, heatmap].compactMap { $0 }
        try OutputUnit.write(outputs: outputs) { u in
            try RDMFiles.write(result, to: u.path(for: out, holds: "the transformed RDM: \(measure)"))
            try u.describeOnce(stem: OutputUnit.stem(of: out), record: record)
            if let rp = rawPaths, let raw = rawPathRDM {
                try RDMFiles.write(raw, to: u.path(for: rp, holds: "geodesic path lengths before rank transform"))
                try u.describeOnce(stem: OutputUnit.stem(of: rp), record: record)
            }
            if let h = heatmap {
                try RSAFigures.heatmap(result).write(to: u.path(for: h, holds: "heatmap of the transformed RDM"))
                try u.describeOnce(stem: OutputUnit.stem(of: h), record: record)
            }
        }
        print("wrote \(out): \(measure), family \(TopologyFamily(lower: lower, upper: upper).rawValue)")
    }
}

/// `neurorep trsa identify --rdms STACK.npy --labels L.tsv`: leave-one-subject-out
/// identification accuracy over the (lower, upper) grid.
struct TRSAIdentifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "identify",
        abstract: "Leave-one-subject-out nearest-centroid identification of regions/layers over the (l, u) grid.",
        discussion: """
        Labels: --labels TSV with 'subject' and 'region' columns (one row per RDM of the stack), \
        or --subjects and --regions as comma-separated integers. The grid is the authors' \
        (l = 0..0.95 step 0.05, u = l+0.05..1, 229 points); each point gets its family \
        (local/global extractor, geometry/topology sensitive, intermediate).
        """
    )

    @Option(help: "RDM stack (.npy N x K x K).") var rdms: String
    @Option(help: "TSV with 'subject' and 'region' columns.") var labels: String?
    @Option(help: "Subject per RDM, comma-separated.") var subjects: String?
    @Option(help: "Region (or layer) per RDM, comma-separated.") var regions: String?
    @Flag(help: "Identify with ranked geodesic RDMs instead of RGTMs.") var geodesic = false
    @Option(help: "Bootstrap samples over subjects and conditions (0: none).") var bootstrap: Int = 0
    @Option(help: "Bootstrap seed.") var seed: UInt64 = 1
    @Option(help: "Output table (TSV): lower, upper, family, accuracy (and bootstrap columns).") var out: String
    @Option(help: "Also draw the accuracy grid as a heatmap PNG (rows: lower 0..0.95, columns: upper 0.05..1; grey = u <= l).") var heatmap: String?

    func run() throws {
        do { try execute() } catch let e as ValidationError { throw e } catch { throw CLIError(error) }
    }

    func execute() throws {
        let stack = try RDMFiles.readStack(rdms)
        var record = ProvenanceRecord(command: "neurorep trsa identify", parameters: ["geodesic": .bool(geodesic), "bootstrap": .int(bootstrap), "seed": .int(Int(seed))])
        try record.addInput(rdms)
        let subj: [Int], reg: [Int]
        if let l = labels {
            try record.addInput(l)
            (subj, reg) = try Identification.labels(tsv: l)
        } else if let s = subjects, let r = regions {
            subj = try parseList(s, "--subjects"); reg = try parseList(r, "--regions")
        } else { throw ValidationError("give --labels, or --subjects and --regions") }
        guard subj.count == stack.count, reg.count == stack.count else {
            throw CLIError("\(rdms): \(stack.count) RDMs but \(subj.count) subject and \(reg.count) region labels")
        }
        let raw = try Identification.accuracy(rdms: stack, subjects: subj, regions: reg, representation: .raw)
        let ranked = try Identification.accuracy(rdms: stack, subjects: subj, regions: reg, representation: .rankNormalised)
        print("baseline accuracy: raw RDM \(fmt(raw)), rank-normalised RDM \(fmt(ranked)) (chance \(fmt(1 / Double(Set(reg).count))))")
        let boot = bootstrap > 0 ? Identification.Bootstrap(samples: bootstrap, seed: seed) : nil
        let grid = try Identification.grid(rdms: stack, subjects: subj, regions: reg, points: TopologyFamily.authorsGrid(), geodesic: geodesic, bootstrap: boot)
        record.details["accuracy_raw_rdm"] = .double(raw)
        record.details["accuracy_ranknorm_rdm"] = .double(ranked)
        try OutputUnit.write(outputs: [out] + [heatmap].compactMap { $0 }) { u in
        try Identification.table(grid).write(to: u.path(for: out, holds: "identification accuracy per (lower, upper) of the grid"))
        try u.describeOnce(stem: OutputUnit.stem(of: out), record: record)
        if let h = heatmap {
            let map = RSAFigures.identificationHeatmap(grid)
            try map.write(to: u.path(for: h, holds: "accuracy heatmap: row i = lower 0.05 i, column j = upper 0.05 (j + 1)"))
            try u.describeOnce(stem: OutputUnit.stem(of: h), record: record)
        }
        }
        let best = grid.max { $0.accuracy < $1.accuracy }!
        print("best (l, u) = (\(fmt(best.lower)), \(fmt(best.upper))) [\(best.family.rawValue)]: accuracy \(fmt(best.accuracy))")
        for f in TopologyFamily.allCases {
            let members = grid.filter { $0.family == f }
            if members.isEmpty { continue }
            print("  \(f.rawValue): mean accuracy \(fmt(members.map(\.accuracy).reduce(0, +) / Double(members.count))) over \(members.count) points")
        }
        print("wrote \(out)")
    }

    func parseList(_ s: String, _ flag: String) throws -> [Int] {
        try s.split(separator: ",").map {
            guard let v = Int($0.trimmingCharacters(in: .whitespaces)) else { throw ValidationError("\(flag): '\($0)' is not an integer") }
            return v
        }
    }

    func fmt(_ v: Double) -> String { DelimitedTable.format(v) }
}
