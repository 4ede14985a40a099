import ArrayFiles
import FMRIWorkflow
import Figures
import Foundation
import Provenance
import ROIExtraction
import RSA

/// The representational branch: every network layer's RDM (networks phase), every ROI's RDM
/// from each subject's beta maps, compared with every layer by RSA and by topological RSA
/// (subject phase), and the layers ranked per ROI across subjects with bootstrap and noise
/// ceilings (group phase) — "which layer is most like V1?".
struct RepresentationSteps {
    let context: PlanContext
    var config: PipelineConfig { context.config }
    var rsa: PipelineConfig.RSA { config.rsa ?? PipelineConfig.RSA() }
    /// The atlas of the ROIs (`inputs.betas.atlas`, else the first) and the beta-map inputs.
    let atlas: PipelineConfig.Atlas
    let betas: PipelineConfig.Betas

    init(context: PlanContext) throws {
        self.context = context
        let c = context.config
        let b: PipelineConfig.Betas
        if let x = c.betas { b = x }
        else if let g = c.glm {
            guard let conds = g.conditions else {
                throw PipelineError("\(c.file): 'stages.glm.conditions' must name the conditions table (the order of the layers' rows) for the representational stages")
            }
            b = PipelineConfig.Betas(pattern: "", conditions: conds, atlas: g.atlas)
        } else { throw PipelineError("\(c.file): the representational stages need 'inputs.betas' or 'stages.glm'") }
        guard let a = c.atlases.first(where: { $0.name == (b.atlas ?? c.atlases.first?.name) }) else {
            throw PipelineError("\(c.file): no atlas named '\(b.atlas ?? "")' for the ROIs of the beta maps")
        }
        atlas = a
        betas = b
    }
    var method: RDMMethod { rsa.method }
    var comparator: RDMComparator { rsa.compare }
    /// The RDM method and comparator as BIDS labels in file names (`meas-<label>`).
    var methodLabel: String { FCFileNames.measureLabel(rsa.method.rawValue) }
    /// The layers' method (`stages.rsa.layer_method`, see `PipelineConfig.RSA.layers`) as a label.
    var layerMethodLabel: String { FCFileNames.measureLabel(rsa.layers.rawValue) }
    var compareLabel: String { FCFileNames.measureLabel(rsa.compare.rawValue) }

    /// One layer's RDM, named by network and layer.
    struct LayerRDM { let network: String; let layer: String; let rdm: RDM; var label: String { "\(network):\(layer)" } }

    // MARK: names

    func layerStem() -> String { "\(context.layout.networksFolder)/layers_meas-\(layerMethodLabel)_rdms" }
    func layerStackPath() -> String { layerStem() + ".npy" }
    func layerTablePath() -> String { layerStem() + ".tsv" }
    func subjectStem(_ s: String) -> String { "\(context.layout.subjectFolder(s, "rsa"))/sub-\(s)_atlas-\(atlas.name)" }

    var conditions: [String] {
        get throws {
            let t = try DelimitedTable.read(betas.conditions)
            let c = try t.columnIndex(t.columns.contains("condition") ? "condition" : "trial_type", file: betas.conditions)
            return t.rows.map { $0[c] }
        }
    }

    // MARK: networks phase

    func networksUnit() throws -> WorkUnit {
        let inputs = config.activations.map(\.file) + [betas.conditions]
        let params: ProvenanceValue = ["method": .string(rsa.layers.rawValue)]
        let key = WorkUnit.key(step: "layer-rdms", scope: "networks", parameters: params, inputChecksums: try context.checksums(inputs), upstream: [])
        return WorkUnit(subject: WorkUnit.networks, step: "layer RDMs", key: key) {
            let layers = try computeLayerRDMs()
            let rec = try context.record(parameters: ["method": .string(rsa.layers.rawValue)], inputs: inputs,
                                         details: ["Layers": .strings(layers.map(\.label)), "Conditions": .strings(try conditions)])
            return try context.write { out in
                try RDMFiles.writeStack(layers.map(\.rdm), to: out.path(for: layerStackPath(), holds: "float64 layers x conditions x conditions RDMs, in the TSV's order"))
                try DelimitedTable(columns: ["index", "network", "layer", "conditions"],
                                   rows: layers.enumerated().map { ["\($0.offset)", $0.element.network, $0.element.layer, "\($0.element.rdm.conditions)"] })
                    .write(to: out.path(for: layerTablePath(), holds: "the layers of the NPY stack: index, network, layer, conditions"))
                try out.describe(stem: layerStem(), record: rec)
            }
        }
    }

    /// Every layer of every network, its rows in the order of the conditions table.
    func computeLayerRDMs() throws -> [LayerRDM] {
        let k = try conditions.count
        var out: [LayerRDM] = []
        for a in config.activations {
            for (layer, patterns) in try PatternSources.fromActivations(a.file) {
                guard patterns.conditions == k else {
                    throw RSAError(a.file, "layer \(layer) has \(patterns.conditions) conditions; \(betas.conditions) lists \(k)")
                }
                if rsa.layers == .crossnobis && patterns.runs < 2 {
                    throw RSAError(a.file, "layer \(layer) has no samples axis (conditions x samples x units): 'stages.rsa.layer_method' crossnobis cross-validates over samples; use euclidean, correlation, cosine or poisson")
                }
                out.append(LayerRDM(network: a.network, layer: layer, rdm: try RDMCalculator.compute(patterns, method: rsa.layers)))
            }
        }
        return out
    }

    /// The stored layer RDMs and their labels.
    func readLayerRDMs() throws -> [LayerRDM] {
        let rdms = try RDMFiles.readStack(layerStackPath())
        let t = try DelimitedTable.read(layerTablePath())
        return zip(t.rows, rdms).map { LayerRDM(network: $0[1], layer: $0[2], rdm: $1) }
    }

    // MARK: subject phase

    /// A subject's ROI RDMs (a stack, ROIs in label order) and their similarity to every layer,
    /// by RSA and, when configured, by topological RSA.
    func subjectUnit(subject: String, betas: String, producer: String?, networksKey: String, runPatterns: GLMRunPatterns.Files? = nil) throws -> WorkUnit {
        var params: [String: ProvenanceValue] = ["method": .string(rsa.method.rawValue), "compare": .string(rsa.compare.rawValue), "atlas": .string(atlas.name)]
        if rsa.usesRuns { params["noise"] = .string(rsa.noise?.rawValue ?? "none"); params["layer_method"] = .string(rsa.layers.rawValue) }
        if let t = config.trsa { params["trsa"] = ["lower": .double(t.lower), "upper": .double(t.upper), "geodesic": .bool(t.geodesic)] }
        let inputs = [betas, atlas.image, self.betas.conditions] + [atlas.labels].compactMap { $0 }
        // beta maps made by the glm stage are known by its unit's key (they do not exist yet)
        let upstream = [networksKey] + [producer].compactMap { $0 }
        let key = WorkUnit.key(step: "rsa", scope: "sub-" + subject, parameters: .object(params),
                               inputChecksums: try context.checksums(producer == nil ? inputs : Array(inputs.dropFirst())), upstream: upstream)
        return WorkUnit(subject: subject, step: "rsa atlas-\(atlas.name)", key: key, dependencies: upstream) {
            let (names, rdms) = try rsa.usesRuns ? runwiseROIRDMs(subject: subject, runPatterns: runPatterns) : roiRDMs(betas: betas)
            let layers = try readLayerRDMs()
            let stem = subjectStem(subject)
            let runInputs = rsa.usesRuns ? (runPatterns.map { $0.maps + [$0.residuals].compactMap { $0 } } ?? []) : []
            let rec = try context.record(parameters: params, inputs: inputs + runInputs + [layerStackPath()],
                                         details: ["RegionNames": .strings(names), "Layers": .strings(layers.map(\.label))])
            let rsaTable = try similarityTable(names: names, rdms: rdms, layers: layers, transform: nil)
            let trsaTable = try config.trsa.map { _ in try similarityTable(names: names, rdms: rdms, layers: layers, transform: trsaTransform) }
            return try context.write { out in
                try RDMFiles.writeStack(rdms, to: out.path(for: stem + "_meas-\(methodLabel)_rdms.npy",
                                                            holds: "float64 ROIs x conditions x conditions RDMs, ROIs in RegionNames order"))
                try out.describe(stem: stem + "_meas-\(methodLabel)_rdms", record: rec)
                try rsaTable.write(to: out.path(for: stem + "_desc-rsa_similarity.tsv", holds: "ROIs x layers RDM comparisons (\(rsa.compare.rawValue)) and each ROI's most similar layer"))
                try out.describe(stem: stem + "_desc-rsa_similarity", record: rec)
                if let t = trsaTable {
                    try t.write(to: out.path(for: stem + "_desc-trsa_similarity.tsv", holds: "ROIs x layers comparisons after the topological transform"))
                    try out.describe(stem: stem + "_desc-trsa_similarity", record: rec)
                }
            }
        }
    }

    /// ROI names (from the lookup table) and RDMs of one subject's beta maps.
    func roiRDMs(betas: String) throws -> ([String], [RDM]) {
        let conds = try conditions
        let rois = try BetaMapPatterns.load(files: [betas], observations: BetaMapPatterns.defaultRuns(conds), atlas: atlas.image)
        let names = try Self.regionNames(rois.map(\.label), lookup: atlas.labels)
        return (names, try rois.map { try RDMCalculator.compute($0.patterns, method: method) })
    }

    /// The transform of topological RSA applied before comparing: the geo-topological
    /// transform at (lower, upper), or the geodesic RDM built on it.
    func trsaTransform(_ r: RDM) throws -> RDM {
        guard let t = config.trsa else { return r }
        let g = try GeoTopological.rgtm(r.dissimilarities, lower: t.lower, upper: t.upper)
        if t.geodesic {
            return try RDM(conditions: r.conditions, dissimilarities: GeodesicRDM.transform(rgtm: g, conditions: r.conditions).ranks, measure: "rgdm")
        }
        return try RDM(conditions: r.conditions, dissimilarities: g, measure: "rgtm")
    }

    /// ROIs x layers table of comparisons, and each ROI's most similar layer.
    func similarityTable(names: [String], rdms: [RDM], layers: [LayerRDM], transform: ((RDM) throws -> RDM)?) throws -> DelimitedTable {
        let tl = try layers.map { try transform?($0.rdm) ?? $0.rdm }
        let tr = try rdms.map { try transform?($0) ?? $0 }
        let values = try RDMComparison.matrix(tr, tl, method: comparator)
        let rows = zip(names, values).map { n, v in
            [n] + v.map(DelimitedTable.format) + [RDMComparison.best(v).map { layers[$0].label } ?? ""]
        }
        return DelimitedTable(columns: ["roi"] + layers.map(\.label) + ["most_similar_layer"], rows: rows)
    }

    /// ROI names by the one rule of `LabelLookup.regionName` (the look-up table's, else `label-<n>`).
    static func regionNames(_ labels: [Int], lookup path: String?) throws -> [String] {
        let lookup = try path.map { try LabelLookup.read(path: $0) }
        return labels.map { LabelLookup.regionName(Double($0), in: lookup) }
    }

    // MARK: group phase

    /// Per ROI, every layer compared with the subjects' ROI RDMs: mean, bootstrap SEM and 95%
    /// interval, p against 0, noise ceiling; the layers ranked; a heatmap of the means.
    func groupUnit(subjects: [String], subjectKeys: [String], networksKey: String) -> WorkUnit {
        let params: ProvenanceValue = ["compare": .string(rsa.compare.rawValue), "bootstrap": .int(rsa.bootstrap), "seed": .int(rsa.seed),
                                       "subjects": .strings(subjects)]
        let key = WorkUnit.key(step: "rsa-group", scope: "group", parameters: params, inputChecksums: [], upstream: subjectKeys + [networksKey])
        return WorkUnit(subject: WorkUnit.group, step: "rsa model comparison atlas-\(atlas.name)", key: key, dependencies: subjectKeys + [networksKey]) {
            let layers = try readLayerRDMs()
            let stacks = try subjects.map { try RDMFiles.readStack(subjectStem($0) + "_meas-\(methodLabel)_rdms.npy") }
            let names = try DelimitedTable.read(subjectStem(subjects[0]) + "_desc-rsa_similarity.tsv").rows.map { $0[0] }
            var rows: [[String]] = [], ranking: [[String]] = [], means: [Double] = []
            for (r, roi) in names.enumerated() {
                let table = try Inference.compareModels(models: layers.map(\.rdm), names: layers.map(\.label), data: stacks.map { $0[r] },
                                                        method: comparator,
                                                        bootstrap: .init(samples: rsa.bootstrap, seed: UInt64(rsa.seed), overConditions: true, overSubjects: true))
                let order = table.rows.indices.sorted { table.rows[$0].mean > table.rows[$1].mean }
                for (rank, m) in order.enumerated() {
                    let row = table.rows[m]
                    rows.append([roi, row.name, DelimitedTable.format(row.mean), DelimitedTable.format(row.sem),
                                 DelimitedTable.format(row.ci.0), DelimitedTable.format(row.ci.1), DelimitedTable.format(row.pAgainstZero),
                                 DelimitedTable.format(table.noiseCeiling?.lower ?? .nan), DelimitedTable.format(table.noiseCeiling?.upper ?? .nan),
                                 "\(rank + 1)"])
                }
                let best = table.rows[order[0]]
                ranking.append([roi, best.name, DelimitedTable.format(best.mean), DelimitedTable.format(best.pAgainstZero)])
                means += table.rows.map(\.mean)
            }
            let folder = context.layout.groupFolder
            let stem = "\(folder)/atlas-\(atlas.name)_meas-\(compareLabel)"
            let rec = try context.record(parameters: ["compare": .string(rsa.compare.rawValue), "bootstrap": .int(rsa.bootstrap), "seed": .int(rsa.seed)],
                                         inputs: subjects.map { subjectStem($0) + "_meas-\(methodLabel)_rdms.npy" } + [layerStackPath()],
                                         details: ["RegionNames": .strings(names), "Layers": .strings(layers.map(\.label)),
                                                   "Subjects": .strings(subjects), "Heatmap": "rows: ROIs, columns: layers (mean comparison)"])
            var h = Heatmap(values: means, rows: names.count, columns: layers.count)
            h.colorMap = .viridis
            return try context.write { out in
                try DelimitedTable(columns: ["roi", "layer", "mean", "sem", "ci_low", "ci_high", "p_vs_zero", "noise_ceiling_lower", "noise_ceiling_upper", "rank"],
                                   rows: rows).write(to: out.path(for: stem + "_desc-layers_modelcomparison.tsv",
                                                                  holds: "per ROI, every layer: mean comparison over subjects, bootstrap SEM and 95% interval, p against 0, noise ceiling, rank"))
                try out.describe(stem: stem + "_desc-layers_modelcomparison", record: rec)
                try DelimitedTable(columns: ["roi", "most_similar_layer", "mean", "p_vs_zero"], rows: ranking)
                    .write(to: out.path(for: stem + "_desc-bestlayer_ranking.tsv", holds: "per ROI, the layer with the highest mean comparison"))
                try out.describe(stem: stem + "_desc-bestlayer_ranking", record: rec)
                try h.write(to: out.path(for: stem + "_desc-layers_similarity.png", holds: "heatmap of the mean comparisons: rows ROIs, columns layers"))
                try out.describe(stem: stem + "_desc-layers_similarity", record: rec)
            }
        }
    }
}
