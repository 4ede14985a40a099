import ArgumentParser
import ArrayFiles
import Foundation
import Provenance
import RSA

/// `neurorep compare A.npy B.npy --method M`: RDM comparisons (one value, or a table), and with
/// --bootstrap a model-comparison table (A = models, B = data RDMs of subjects).
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare RDMs with rsatoolbox 0.3.2's comparators; model comparison with bootstrap and noise ceilings.",
        discussion: """
        A and B each hold one RDM (K x K .npy/.tsv) or several (N x K x K .npy). One pair prints \
        the value; several print a table (rows: A's RDMs, columns: B's RDMs). With --bootstrap N, \
        A's RDMs are models and B's are data (one per subject): the table gives each model's mean \
        comparison, bootstrap SEM, p against 0 and pairwise p-values, with the noise ceiling.
        """
    )

    @Argument(help: "First RDM file (models).") var a: String
    @Argument(help: "Second RDM file (data).") var b: String
    @Option(help: "cosine | corr | spearman | kendall | tau-a | rho-a | cosine_cov | corr_cov | bures | bures_metric | neg_riem_dist") var method: String = "cosine"
    @Option(help: "Bootstrap samples for the model-comparison table (0: none).") var bootstrap: Int = 0
    @Option(help: "What to resample: conditions | subjects | both.") var bootstrapOver: String = "both"
    @Option(help: "Random seed of the bootstrap.") var seed: UInt64 = 1
    @Option(help: "Write the table (TSV) here as well.") var out: String?

    func validate() throws {
        guard RDMComparator(name: method) != nil else {
            throw ValidationError("--method must be one of \(RDMComparator.allCases.map(\.rawValue).joined(separator: ", ")); got '\(method)'")
        }
        guard ["conditions", "subjects", "both"].contains(bootstrapOver) else { throw ValidationError("--bootstrap-over must be conditions, subjects or both") }
        guard bootstrap >= 0 else { throw ValidationError("--bootstrap must be >= 0") }
    }

    func run() throws {
        do { try execute() } catch let e as ValidationError { throw e } catch { throw CLIError(error) }
    }

    func execute() throws {
        let m = RDMComparator(name: method)!
        let left = try RDMFiles.readStack(a), right = try RDMFiles.readStack(b)
        var record = ProvenanceRecord(command: "neurorep compare", parameters: ["method": .string(m.rawValue), "bootstrap": .int(bootstrap),
                                                                            "bootstrap_over": .string(bootstrapOver), "seed": .int(Int(seed))])
        try record.addInputs([a, b])
        let table: DelimitedTable
        if bootstrap > 0 {
            let opts = Inference.BootstrapOptions(samples: bootstrap, seed: seed, overConditions: bootstrapOver != "subjects", overSubjects: bootstrapOver != "conditions")
            let names = left.indices.map { left.count == 1 ? URL(fileURLWithPath: a).lastPathComponent : "model\($0)" }
            let t = try Inference.compareModels(models: left, names: names, data: right, method: m, bootstrap: opts)
            var rows: [[String]] = []
            for (i, r) in t.rows.enumerated() {
                rows.append([r.name, fmt(r.mean), fmt(r.sem), fmt(r.ci.0), fmt(r.ci.1), fmt(r.pAgainstZero)] + t.pairwiseP[i].map(fmt))
            }
            table = DelimitedTable(columns: ["model", "mean", "sem", "ci_low", "ci_high", "p_vs_0"] + t.rows.map { "p_vs_\($0.name)" }, rows: rows)
            print(table.text())
            if let nc = t.noiseCeiling { print("noise ceiling (\(m.rawValue)): lower \(fmt(nc.lower)), upper \(fmt(nc.upper))") }
            if let nc = t.noiseCeiling { record.details["noise_ceiling"] = ["lower": .double(nc.lower), "upper": .double(nc.upper)] }
        } else if left.count == 1 && right.count == 1 {
            let v = try RDMComparison.compare(left[0], right[0], method: m)
            print(fmt(v))
            table = DelimitedTable(columns: ["a", "b", m.rawValue], rows: [[a, b, fmt(v)]])
        } else {
            let values = try RDMComparison.matrix(left, right, method: m)
            let rows = values.enumerated().map { i, v in ["\(i)"] + v.map(fmt) }
            table = DelimitedTable(columns: ["a\\b"] + right.indices.map { "\($0)" }, rows: rows)
            print(table.text())
        }
        if let o = out {
            try OutputUnit.write(outputs: [o]) { u in
                try table.write(to: u.path(for: o, holds: "RDM comparisons (\(m.rawValue))"))
                try u.describe(stem: OutputUnit.stem(of: o), record: record)
            }
        }
    }

    func fmt(_ v: Double) -> String { DelimitedTable.format(v) }
}
