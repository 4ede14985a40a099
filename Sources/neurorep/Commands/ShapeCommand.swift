import ArgumentParser
import ArrayFiles
import Foundation
import LinearAlgebra
import Provenance
import ShapeMetrics

/// `neurorep shape`: shape metrics between two representations, or pairwise over many.
struct ShapeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shape",
        abstract: "Shape metrics (netrep's definitions): linear (CCA..Procrustes), permutation, CKA, Gaussian (Wasserstein) and energy distances.",
        discussion: """
        Two representations: --x X --y Y prints the distance (--json: distance, objective, \
        iterations and the fit details). Many: --inputs FILE... (each .npy, .npz of layers, \
        .safetensors or a folder; every layer is one representation) with --out D.npy writes \
        the distance matrix D.npy, D_distances.tsv (labelled), D_pairs.tsv (per pair: objective, \
        iterations, winning start), D_mds.tsv (classical MDS) and a JSON provenance sidecar \
        beside each.
        Shapes: conditions x units (deterministic), conditions x samples x units (stochastic; \
        gaussian and energy need samples; deterministic metrics use the sample means); arrays \
        with 4+ axes are convolutional maps flattened to units. --pca K reduces every layer to K \
        principal components first.
        """
    )

    @Option(help: "First representation (.npy, .npz, .safetensors or folder; see --x-layer).") var x: String?
    @Option(help: "Second representation.") var y: String?
    @Option(help: "Layer of --x to use when the file holds several.") var xLayer: String?
    @Option(help: "Layer of --y to use when the file holds several.") var yLayer: String?
    @Option(parsing: .upToNextOption, help: "Representations for a pairwise matrix (files or folders; every layer counts).") var inputs: [String] = []
    @Option(help: "linear | permutation | cka | gaussian | energy") var metric: String = "linear"
    @Option(help: "linear: 0 (CCA) .. 1 (Procrustes, default); gaussian: 0 (covariances) .. 1 (Wasserstein, default) .. 2 (means).") var alpha: Double?
    @Option(help: "angular | euclidean (linear and permutation metrics).") var score: String = "angular"
    @Option(help: "Seed of the random restarts.") var seed: UInt64 = 0
    @Option(help: "Starts after the first for gaussian/energy (gaussian: 1 = also the moment start (default), more = seeded random starts; energy default 0). The result says which start won.") var restarts: Int?
    @Option(help: "Alignment group of gaussian/energy: orth | perm | identity.") var group: String = "orth"
    @Option(help: "Iteration cap (gaussian default 1000, energy 100).") var maxIterations: Int?
    @Option(help: "Relative stopping tolerance (gaussian default 1e-5 on the optimality residual, energy 1e-9 on the fit loss).") var tolerance: Double?
    @Option(help: "Search of the rotation. gaussian: newton (trust-region Newton, default) | lbfgs | alternation (netrep's algorithm, on the reported objective); energy: lbfgs (IRLS then L-BFGS, default) | irls (netrep's algorithm).") var optimizer: String?
    @Option(help: "Ridge added to every covariance (gaussian; netrep's pairwise_distances uses 1e-6).") var ridge: Double = 0
    @Option(help: "Axis layout: automatic | deterministic | stochastic.") var layout: String = "automatic"
    @Option(help: "Reduce every layer to this many principal components first.") var pca: Int?
    @Option(help: "MDS dimensions written with --out.") var mdsDimensions: Int = 2
    @Option(help: "Pairwise output (.npy).") var out: String?
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        guard ShapeMetricKind(rawValue: metric) != nil else { throw ValidationError("--metric must be one of linear, permutation, cka, gaussian, energy; got '\(metric)'") }
        guard ScoreMethod(rawValue: score) != nil else { throw ValidationError("--score must be angular or euclidean; got '\(score)'") }
        guard AlignmentGroup(rawValue: group) != nil else { throw ValidationError("--group must be orth, perm or identity; got '\(group)'") }
        guard LayerActivations.Layout(rawValue: layout) != nil else { throw ValidationError("--layout must be automatic, deterministic or stochastic; got '\(layout)'") }
        if let o = optimizer {
            switch ShapeMetricKind(rawValue: metric) {
            case .gaussian?: guard GaussianMetric.Optimizer(rawValue: o) != nil else { throw ValidationError("--optimizer for gaussian must be newton, lbfgs or alternation; got '\(o)'") }
            case .energy?: guard EnergyMetric.Optimizer(rawValue: o) != nil else { throw ValidationError("--optimizer for energy must be lbfgs or irls; got '\(o)'") }
            default: throw ValidationError("--optimizer applies to the gaussian and energy metrics only")
            }
        }
        guard (restarts ?? 0) >= 0 else { throw ValidationError("--restarts must be >= 0") }
        let pair = x != nil || y != nil
        guard pair != !inputs.isEmpty else { throw ValidationError("give either --x and --y, or --inputs (with --out)") }
        if pair && (x == nil || y == nil) { throw ValidationError("--x and --y go together") }
        if !inputs.isEmpty {
            guard let o = out else { throw ValidationError("--inputs needs --out D.npy") }
            guard o.hasSuffix(".npy") else { throw ValidationError("--out must end in .npy (the tables are written beside it)") }
        }
    }

    func run() throws {
        do { try execute() } catch let e as ValidationError { throw e } catch { throw CLIError(error) }
    }

    var kind: ShapeMetricKind { ShapeMetricKind(rawValue: metric)! }

    var settings: ShapeSettings {
        ShapeSettings(alpha: alpha, score: ScoreMethod(rawValue: score)!, group: AlignmentGroup(rawValue: group)!,
                      restarts: restarts, seed: seed, maxIterations: maxIterations, tolerance: tolerance, covarianceRidge: ridge,
                      gaussianOptimizer: optimizer.flatMap { GaussianMetric.Optimizer(rawValue: $0) } ?? .trustRegion,
                      energyOptimizer: optimizer.flatMap { EnergyMetric.Optimizer(rawValue: $0) } ?? .riemannianLBFGS)
    }

    var parameters: [String: ProvenanceValue] {
        var p: [String: ProvenanceValue] = [
            "metric": .string(metric), "score": .string(score), "seed": .int(Int(seed)), "restarts": .optional(restarts),
            "group": .string(group), "ridge": .double(ridge), "layout": .string(layout),
        ]
        p["alpha"] = .optional(alpha)
        p["max_iterations"] = .optional(maxIterations)
        p["tolerance"] = .optional(tolerance)
        p["pca"] = .optional(pca)
        if kind == .gaussian { p["optimizer"] = .string(optimizer ?? GaussianMetric.Optimizer.trustRegion.rawValue) }
        if kind == .energy { p["optimizer"] = .string(optimizer ?? EnergyMetric.Optimizer.riemannianLBFGS.rawValue) }
        return p
    }

    /// Layers of one path, PCA-reduced when asked.
    func layers(_ path: String) throws -> [LayerActivation] {
        try ShapeInputs.layers(path, layout: LayerActivations.Layout(rawValue: layout)!, pca: pca)
    }

    func single(_ path: String, layer: String?) throws -> ShapeRepresentation {
        let all = try layers(path)
        if let name = layer {
            guard let l = all.first(where: { $0.name == name }) else {
                throw CLIError("\(path): no layer '\(name)' (layers: \(all.map(\.name).joined(separator: ", ")))")
            }
            return try ShapeRepresentation(l, label: "\(path)[\(name)]")
        }
        guard all.count == 1 else {
            throw CLIError("\(path) holds \(all.count) layers (\(all.map(\.name).joined(separator: ", "))): choose one with --x-layer/--y-layer, or use --inputs for all pairs")
        }
        return try ShapeRepresentation(all[0], label: path)
    }

    func execute() throws {
        if let xp = x, let yp = y {
            let rx = try single(xp, layer: xLayer), ry = try single(yp, layer: yLayer)
            let d = try ShapeComparison.distance(kind, settings, rx, ry)
            if json {
                print(ProvenanceValue.object(resultObject(d)).jsonText())
            } else {
                print(d.distance)
            }
            return
        }
        try pairwise()
    }

    func resultObject(_ d: ShapeDistance) -> [String: ProvenanceValue] {
        [
            "distance": .double(d.distance), "objective": .double(d.objective), "iterations": .int(d.iterations),
            "evaluations": .int(d.evaluations), "winning_start": .int(d.winningStart), "starts": .int(d.starts),
            "converged": .bool(d.converged), "metric": .string(metric),
        ]
    }

    func pairwise() throws {
        var record = ProvenanceRecord(command: "neurorep shape", parameters: parameters)
        let reps = try ShapeInputs.representations(inputs, layout: LayerActivations.Layout(rawValue: layout)!, pca: pca)
        for path in inputs {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue { try record.addInput(path) }
        }
        let start = Date()
        let result = try ShapeComparison.pairwise(kind, settings, reps)
        let seconds = Date().timeIntervalSince(start)
        let k = reps.count
        let base = String(out!.dropLast(4))
        let tables = try ShapeInputs.tables(result, mdsDimensions: mdsDimensions)
        record.details["labels"] = .strings(result.labels)
        record.details["mds_eigenvalues"] = .doubles(tables.mdsEigenvalues)
        // one sidecar (<base>.json) for the matrix and its tables; no timings in it, so reruns are byte-identical
        try OutputUnit.write(outputs: [out!]) { u in
            try NPY.write(result.distances.elements, shape: [k, k], to: u.path(for: out!, holds: "float64 \(k) x \(k) distance matrix, rows and columns in 'labels' order"))
            try tables.distances.write(to: u.path(for: base + "_distances.tsv", holds: "the distance matrix with labels"))
            try tables.pairs.write(to: u.path(for: base + "_pairs.tsv", holds: "one row per pair: distance, objective and optimiser report"))
            try tables.mds.write(to: u.path(for: base + "_mds.tsv", holds: "classical MDS coordinates of the representations"))
            try u.describe(stem: base, record: record)
        }

        if json {
            print(ProvenanceValue.object(["labels": .strings(result.labels), "distances": .array((0..<k).map { .doubles(result.distances.row($0)) }),
                                          "seconds": .double(seconds), "out": .string(out!)]).jsonText())
        } else {
            print("\(k) representations, \(result.pairs.count) pairs, \(metric) metric: \(String(format: "%.3f", seconds)) s -> \(out!)")
        }
    }
}
