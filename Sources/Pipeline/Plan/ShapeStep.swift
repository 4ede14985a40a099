import ArrayFiles
import Foundation
import LinearAlgebra
import Provenance
import RSA
import ShapeMetrics

/// Shape distances (netrep definitions) between every ROI's condition patterns and every network
/// layer, per subject — computed as one pairwise matrix over ROIs and layers together, so the
/// ROI-ROI and layer-layer distances of the same metric space come with it — and, in the group
/// phase, the mean ROI x layer distance and each ROI's nearest layer.
struct ShapeStep {
    let context: PlanContext
    let representations: RepresentationSteps
    /// The stage's settings (the step runs only when `stages.shape` is configured).
    var shape: PipelineConfig.Shape { context.config.shape ?? PipelineConfig.Shape() }

    var settings: ShapeSettings {
        ShapeSettings(alpha: shape.alpha, score: shape.score)
    }
    var kind: ShapeMetricKind { shape.metric }
    var parameters: [String: ProvenanceValue] {
        ["metric": .string(shape.metric.rawValue), "alpha": .double(shape.alpha), "score": .string(shape.score.rawValue)]
    }

    func stem(_ subject: String) -> String { representations.subjectStem(subject) + "_desc-shape" }

    func subjectUnit(subject: String, betas: String, producer: String?) throws -> WorkUnit {
        let rep = representations
        let inputs = [betas, rep.atlas.image, rep.betas.conditions] + context.config.activations.map(\.file)
        // beta maps made by the glm stage are known by its unit's key (they do not exist yet)
        let upstream = [producer].compactMap { $0 }
        let key = WorkUnit.key(step: "shape", scope: "sub-" + subject, parameters: .object(parameters),
                               inputChecksums: try context.checksums(producer == nil ? inputs : Array(inputs.dropFirst())), upstream: upstream)
        return WorkUnit(subject: subject, step: "shape atlas-\(rep.atlas.name)", key: key, dependencies: upstream) {
            let conds = try rep.conditions
            let rois = try BetaMapPatterns.load(files: [betas], observations: BetaMapPatterns.defaultRuns(conds), atlas: rep.atlas.image)
            let roiNames = try RepresentationSteps.regionNames(rois.map(\.label), lookup: rep.atlas.labels)
            var reps = try zip(roiNames, rois).map { try ShapeRepresentation(label: $0, matrix: $1.patterns.conditionMeans()) }
            var layerLabels: [String] = []
            for a in context.config.activations {
                for layer in try LayerActivations.read(a.file) {
                    let label = "\(a.network):\(layer.name)"
                    layerLabels.append(label)
                    reps.append(try ShapeRepresentation(layer, label: label))
                }
            }
            let result = try ShapeComparison.pairwise(kind, settings, reps)
            let n = roiNames.count
            let d = result.distances
            // the ROI x layer block of the pairwise matrix (ROIs first, then layers)
            let table = ROILayerDistances(rois: roiNames, layers: layerLabels,
                                          distances: Matrix(rows: n, columns: layerLabels.count) { i, j in d[i, n + j] })
            let rec = try context.record(parameters: parameters, inputs: inputs,
                                         details: ["RegionNames": .strings(roiNames), "Layers": .strings(layerLabels),
                                                   "Objective": "see Sources/ShapeMetrics/README.md"])
            let base = stem(subject)
            return try context.write { out in
                try table.table.write(to: out.path(for: base + "_distances.tsv", holds: "ROIs x layers shape distances and each ROI's nearest layer"))
                try out.describe(stem: base + "_distances", record: rec)
                try NPY.write(d.elements, shape: [d.rows, d.columns], to: out.path(for: base + "_pairwise.npy",
                                                                                  holds: "float64 pairwise distance matrix over ROIs then layers"))
                try DelimitedTable(columns: ["index", "representation"], rows: result.labels.enumerated().map { ["\($0.offset)", $0.element] })
                    .write(to: out.path(for: base + "_pairwise.tsv", holds: "the rows/columns of the NPY matrix: index, representation"))
                try out.describe(stem: base + "_pairwise", record: rec)
            }
        }
    }

    func groupUnit(subjects: [String], subjectKeys: [String]) -> WorkUnit {
        let key = WorkUnit.key(step: "shape-group", scope: "group", parameters: .object(parameters), inputChecksums: [], upstream: subjectKeys)
        return WorkUnit(subject: WorkUnit.group, step: "shape ranking atlas-\(representations.atlas.name)", key: key, dependencies: subjectKeys) {
            let files = subjects.map { stem($0) + "_distances.tsv" }
            let mean = try ROILayerDistances.mean(try files.map(ROILayerDistances.read), names: files)
            let base = "\(context.layout.groupFolder)/atlas-\(representations.atlas.name)_desc-shape_meandistances"
            let rec = try context.record(parameters: parameters, inputs: subjects.map { stem($0) + "_distances.tsv" },
                                         details: ["Subjects": .strings(subjects), "Statistic": "mean over subjects"])
            return try context.write { out in
                try mean.table.write(to: out.path(for: base + ".tsv", holds: "ROIs x layers shape distances averaged over subjects, each ROI's nearest layer"))
                try out.describe(stem: base, record: rec)
            }
        }
    }
}
