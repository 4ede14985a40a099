import ArrayFiles
import Foundation
import LinearAlgebra
import Provenance
import ShapeMetrics

/// The stochastic shape metrics (`stages.shape.metric: gaussian | energy`) between each ROI and
/// each network layer, per subject: ROI samples are the ROI's voxels in every single-trial
/// pattern of the subject's runs (`stages.glm.beta_series`), grouped by condition
/// (`TrialSamples`; conditions may have different numbers of trials for `gaussian`, not for
/// `energy`); layer samples come from a samples axis (a 3D array, `conditions x samples x
/// units`, as `LayerActivations` reads it), else the layer is deterministic (see
/// `StochasticROILayerDistances` for how each metric treats it). Writes the same
/// `_desc-shape_distances.tsv` as the deterministic metrics (so the group ranking reads it) and a
/// per-pair table of the fits.
struct StochasticShapeUnits {
    let context: PlanContext
    let representations: RepresentationSteps
    var shape: PipelineConfig.Shape { context.config.shape ?? PipelineConfig.Shape() }

    var parameters: [String: ProvenanceValue] {
        let st = shape.stochastic
        var p: [String: ProvenanceValue] = [
            "metric": .string(shape.metric.rawValue), "group": .string(st.group.rawValue), "restarts": .optional(st.restarts),
            "seed": .int(st.seed), "max_iterations": .optional(st.maxIterations), "tolerance": .optional(st.tolerance),
            "widths": .string(st.widths.rawValue), "pca_components": .optional(st.pcaComponents), "normalize": .bool(st.normalize),
            "roi_samples": "single-trial patterns (stages.glm.beta_series) grouped by condition, trials in run then events order",
            "reference": "netrep 0.0.2 GaussianStochasticMetric / EnergyStochasticMetric (see Sources/ShapeMetrics/README.md)",
        ]
        if shape.metric == .gaussian {
            p["alpha"] = .double(shape.alpha)
            p["ridge"] = .double(st.ridge)
            p["optimizer"] = .string(st.gaussianOptimizer.rawValue)
        } else {
            p["optimizer"] = .string(st.energyOptimizer.rawValue)
        }
        return p
    }

    func stem(_ subject: String) -> String { representations.subjectStem(subject) + "_desc-shape" }

    func subjectUnit(_ trials: GLMTrialPatterns) throws -> WorkUnit {
        let rep = representations
        let subject = trials.subject
        let fixed = [rep.atlas.image, rep.betas.conditions] + [rep.atlas.labels].compactMap { $0 } + context.config.activations.map(\.file)
        let produced = trials.runs.flatMap { [$0.maps, $0.trials] }
        // the trial patterns are made by the glm stage: known by its unit's key (they do not exist yet)
        let key = WorkUnit.key(step: "shape-stochastic", scope: "sub-" + subject, parameters: .object(parameters),
                               inputChecksums: try context.checksums(fixed), upstream: [trials.producer])
        return WorkUnit(subject: subject, step: "shape \(shape.metric.rawValue) atlas-\(rep.atlas.name)", key: key, dependencies: [trials.producer]) {
            let conditions = try rep.conditions
            let (rois, counts) = try TrialSamples.load(runs: trials.runs, conditions: conditions, atlas: rep.atlas.image, conditionsTable: rep.betas.conditions,
                                                       equalCounts: shape.metric == .energy)
            let names = try RepresentationSteps.regionNames(rois.map(\.label), lookup: rep.atlas.labels)
            let roiReps = try zip(names, rois).map {
                try ConditionSamples(label: $0, counts: $1.samples.counts, units: $1.samples.units, values: $1.samples.values)
            }
            var layers: [ShapeRepresentation] = []
            for a in context.config.activations {
                for layer in try LayerActivations.read(a.file) {
                    guard layer.conditions == conditions.count else {
                        throw PipelineError("\(a.file): layer \(layer.name) has \(layer.conditions) conditions; \(rep.betas.conditions) lists \(conditions.count)")
                    }
                    layers.append(try ShapeRepresentation(layer, label: "\(a.network):\(layer.name)"))
                }
            }
            let result = try StochasticROILayerDistances.compute(shape.metric, context.config.shapeSettings, rois: roiReps, layers: layers,
                                                                 widths: shape.stochastic.widthMatching, normalize: shape.stochastic.normalize)
            let rec = try context.record(parameters: parameters, inputs: produced + fixed, details: [
                "RegionNames": .strings(names), "Layers": .strings(layers.map(\.label)), "Conditions": .strings(conditions),
                // one count when every condition has it, else each condition's
                "TrialsPerCondition": Set(counts).count == 1 ? .int(counts[0]) : .object(Dictionary(zip(conditions, counts.map { .int($0) }), uniquingKeysWith: { a, _ in a })),
                "LayerSamples": .strings(layers.map { $0.samples.map { "\($0) samples per condition" } ?? "deterministic (no samples axis)" }),
                "Objective": "see Sources/ShapeMetrics/README.md",
            ])
            let base = stem(subject)
            let pairs = DelimitedTable(columns: ["roi", "layer", "width", "distance", "objective", "iterations", "evaluations", "winning_start", "starts", "converged"],
                                       rows: result.pairs.map { p in
                                           [p.roi, p.layer, "\(p.width)", DelimitedTable.format(p.result.distance), DelimitedTable.format(p.result.objective),
                                            "\(p.result.iterations)", "\(p.result.evaluations)", "\(p.result.winningStart)", "\(p.result.starts)",
                                            p.result.converged ? "true" : "false"]
                                       })
            return try context.write { out in
                try result.table.table.write(to: out.path(for: base + "_distances.tsv", holds: "ROIs x layers \(shape.metric.rawValue) distances and each ROI's nearest layer"))
                try out.describe(stem: base + "_distances", record: rec)
                try pairs.write(to: out.path(for: base + "_pairs.tsv", holds: "per ROI and layer: the common width compared at, distance, objective, iterations, evaluations, winning start, starts, converged"))
                try out.describe(stem: base + "_pairs", record: rec)
            }
        }
    }
}
