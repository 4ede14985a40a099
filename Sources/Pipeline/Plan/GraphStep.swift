import ArrayFiles
import FMRIWorkflow
import Foundation
import Graphs
import LinearAlgebra
import Provenance

/// Graph metrics of one run's connectivity matrix (bctpy definitions): node table, global
/// metrics and GraphML, named after the matrix: `<prefix>_atlas-<A>_meas-<kind>_desc-graph_nodes.tsv`,
/// `..._global.json`, `..._graph.graphml`, each with a sidecar.
struct GraphStep {
    let context: PlanContext
    let fmri: FMRISteps

    func unit(run: BOLDRun, atlas: PipelineConfig.Atlas, connectivityKey: String) throws -> WorkUnit {
        guard let g = context.config.graph else { throw PipelineError("\(context.config.file): stage 'graph' is not configured") }
        let rule: ThresholdRule = g.proportional.map { .proportional($0) } ?? .absolute(g.absolute ?? 0)
        let policy = g.negatives
        let params: [String: ProvenanceValue] = ["matrix": .string(g.matrix.rawValue), "threshold": .object(rule.parameters.mapValues { .double($0) }),
                                                 "negatives": .string(g.negatives.rawValue), "seed": .int(g.seed)]
        let key = WorkUnit.key(step: "graph", scope: context.layout.prefix(for: run) + "_atlas-" + atlas.name, parameters: .object(params), inputChecksums: [], upstream: [connectivityKey])
        let kind = g.matrix.rawValue
        let matrixStem = fmri.relmatStem(run: run, atlas: atlas.name, kind: kind)
        return WorkUnit(subject: run.subject, step: "graph atlas-\(atlas.name)", key: key, dependencies: [connectivityKey]) {
            let loaded = try ConnectivityInput.read(matrixStem + ".npy")
            let names = try DelimitedTable.read(matrixStem + ".tsv").columns.dropFirst().map { $0 }
            let prepared = try GraphPreparation.prepare(connectivity: loaded.matrix, threshold: rule, negatives: policy)
            var options = GraphAnalysisOptions()
            options.seed = UInt32(truncatingIfNeeded: g.seed)
            var graphs = [("", prepared.graph)]
            if let neg = prepared.negativeGraph { graphs.append(("negative", neg)) }
            let base = matrixStem.replacingOccurrences(of: "_relmat", with: "")
            let analyses = try graphs.map { try GraphAnalysis.run($0.1, options: options) }
            return try context.write { out in
                for ((label, _), a) in zip(graphs, analyses) {
                    let rec = try context.record(parameters: params, inputs: [matrixStem + ".npy"],
                                                 details: ["Graph": .string(label.isEmpty ? "weights after the negative-weight policy and threshold" : "magnitudes of the negative weights"),
                                                           "RegionNames": .strings(names)])
                    try GraphExport.stage(a, names: names, stem: base + "_desc-graph" + (label.isEmpty ? "" : label.capitalized), into: out, record: rec)
                }
            }
        }
    }
}
