import ArgumentParser
import ArrayFiles
import Figures
import Foundation
import LinearAlgebra
import Provenance
import ROIExtraction
import RSA

/// `neurorep rdm`: condition patterns (NPY/NPZ, or NIfTI beta maps within atlas ROIs) to RDMs,
/// with optional heatmap and MDS pictures.
struct RDMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rdm",
        abstract: "Representational dissimilarity matrices with rsatoolbox 0.3.2's definitions.",
        discussion: """
        Patterns: --patterns X.npy (conditions x channels, or runs x conditions x channels; with \
        --runs R.txt a 2D array's rows are split into runs by one label per row); --activations \
        PATH [--layer NAME] (network activations: .npy, .npz, .safetensors or a folder; one RDM per \
        layer; a stochastic layer's samples act as runs); or --betas MAP.nii... --atlas \
        LABELS.nii.gz [--conditions C.tsv] (one RDM per ROI). Several RDMs are written as an \
        N x K x K stack with a table of their names beside it.
        Methods: euclidean (squared, / channels), correlation, cosine, mahalanobis and crossnobis \
        (noise precision from the runs' residuals, --noise), poisson, poisson_cv.
        """
    )

    @Option(help: "Pattern array (.npy).") var patterns: String?
    @Option(help: "Network activations (.npy, .npz, .safetensors, or a folder of them).") var activations: String?
    @Option(help: "Only this layer of --activations.") var layer: String?
    @Option(help: "Run label per row of a 2D pattern array (one integer per line).") var runs: String?
    @Option(parsing: .upToNextOption, help: "NIfTI beta maps: one 3D map per condition (and run), or one 4D stack.") var betas: [String] = []
    @Option(help: "Conditions table for the beta maps: 'condition' and optional 'run' columns, one row per map/volume.") var conditions: String?
    @Option(help: "Label atlas on the beta maps' grid (one RDM per label > 0).") var atlas: String?
    @Option(help: "euclidean | correlation | cosine | mahalanobis | crossnobis | poisson | poisson_cv") var method: String = "euclidean"
    @Option(help: "Noise estimate for mahalanobis/crossnobis: shrinkage_diag | shrinkage_eye | diag | full | none (default shrinkage_diag with 2+ runs, else none).") var noise: String?
    @Option(help: "Explicit noise precision (P x P .npy), instead of estimating it.") var noisePrecision: String?
    @Option(help: "Residuals (n x P .npy, e.g. GLM residuals) to estimate the noise precision from.") var residuals: String?
    @Option(help: "Poisson prior lambda.") var priorLambda: Double = 1
    @Option(help: "Poisson prior weight.") var priorWeight: Double = 0.1
    @Flag(help: "Compute in float32 (and write float32 .npy).") var float32 = false
    @Option(help: "Output RDM (.npy; .tsv/.csv writes a table with condition names).") var out: String
    @Option(help: "Also write the RDM as a heatmap PNG.") var heatmap: String?
    @Option(help: "Also write a classical MDS scatter PNG (coordinates go to the same name with .tsv).") var mds: String?
    @Option(help: "Colour MDS points by this column of --conditions (e.g. category).") var mdsGroups: String?

    func validate() throws {
        guard RDMMethod(rawValue: method) != nil else {
            throw ValidationError("--method must be one of \(RDMMethod.allCases.map(\.rawValue).joined(separator: ", ")); got '\(method)'")
        }
        if let n = noise, n != "none", NoiseEstimator(rawValue: n) == nil {
            throw ValidationError("--noise must be shrinkage_diag, shrinkage_eye, diag, full or none; got '\(n)'")
        }
        guard [patterns != nil, activations != nil, !betas.isEmpty].filter({ $0 }).count == 1 else {
            throw ValidationError("give exactly one of --patterns, --activations or --betas")
        }
        if !betas.isEmpty && atlas == nil { throw ValidationError("--betas needs --atlas") }
        if (!betas.isEmpty || (activations != nil && layer == nil)) && (out.hasSuffix(".tsv") || out.hasSuffix(".csv")) {
            throw ValidationError("several RDMs (ROIs or layers) are written as a stack: --out must be .npy")
        }
    }

    func run() throws {
        do { try execute() } catch let e as ValidationError { throw e } catch { throw CLIError(error) }
    }

    func execute() throws {
        let m = RDMMethod(rawValue: method)!
        var record = ProvenanceRecord(command: "neurorep rdm", parameters: [
            "method": .string(method), "float32": .bool(float32), "prior_lambda": .double(priorLambda), "prior_weight": .double(priorWeight),
        ])
        var pendingDigest: BackgroundDigests?
        let loaded: RDMInputs.Loaded
        if let p = patterns {
            // Hash the input on another core while the RDM is computed (BLAS may run on one).
            pendingDigest = BackgroundDigests(paths: [p])
            loaded = try RDMInputs.patterns(p, runLabels: runs)
        } else if let path = activations {
            loaded = try RDMInputs.activations(path, layer: layer)
        } else {
            loaded = try RDMInputs.betas(betas, atlas: atlas!, conditions: conditions, regionName: { LabelLookup.defaultName(for: Double($0)) })
        }
        try record.addInputs(loaded.inputs)
        let sets = loaded.sets, setColumns = loaded.tableColumns, setRows = loaded.tableRows

        var rdms: [RDM] = []
        var noiseUsed = "none"
        for (name, x) in sets {
            var options = RDMOptions(priorLambda: priorLambda, priorWeight: priorWeight, float32: float32)
            let choice = try NoiseChoice.resolve(method: m, patterns: x, precisionFile: noisePrecision, residualsFile: residuals, estimator: noise)
            if let model = choice.model { options.noise = model }
            noiseUsed = choice.description
            do { rdms.append(try RDMCalculator.compute(x, method: m, options: options)) } catch let e as RSAError {
                throw CLIError("\(name): \(e)")
            }
        }
        if let d = pendingDigest, let p = patterns { record.inputs.insert((p, try d.value(for: p)), at: 0) }
        for p in [noisePrecision, residuals].compactMap({ $0 }) { try record.addInput(p) }
        record.parameters["noise"] = .string(noiseUsed)
        record.details["conditions"] = .int(rdms[0].conditions)
        record.details["channels"] = .ints(sets.map { $0.patterns.channels })
        record.details["runs"] = .int(sets[0].patterns.runs)

        // Pictures: one per RDM (ROI or layer); several get the RDM's name appended.
        var groups: [Int]?
        if let column = mdsGroups {
            guard let c = conditions else { throw CLIError("--mds-groups needs --conditions") }
            groups = try RDMInputs.conditionGroups(table: c, column: column, names: sets[0].patterns.conditionNames ?? [])
        }
        // everything through one output unit: nothing appears unless every file was written
        let pictures = rdms.indices.flatMap { index -> [String] in
            let suffix = rdms.count == 1 ? "" : "_" + sets[index].name.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "/", with: "_")
            return [heatmap.map { Self.suffixed($0, suffix) }, mds.map { Self.suffixed($0, suffix) }].compactMap { $0 }
        }
        var printed: [String] = []
        try OutputUnit.write(outputs: [out] + pictures) { u in
            if rdms.count == 1 {
                try RDMFiles.write(rdms[0], to: u.path(for: out, holds: "the RDM (\(method))"), names: sets[0].patterns.conditionNames, float32: float32)
            } else {
                try RDMFiles.writeStack(rdms, to: u.path(for: out, holds: "\(rdms.count) RDMs (\(method)), in the order of the table"))
                let table = out.replacingOccurrences(of: ".npy", with: "") + (activations != nil ? "_layers.tsv" : "_rois.tsv")
                try DelimitedTable(columns: setColumns, rows: setRows).write(to: u.path(for: table, holds: "what each RDM of the stack is"))
                try u.describeOnce(stem: OutputUnit.stem(of: table), record: record)
            }
            try u.describeOnce(stem: OutputUnit.stem(of: out), record: record)
            for (index, rdm) in rdms.enumerated() {
                let suffix = rdms.count == 1 ? "" : "_" + sets[index].name.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "/", with: "_")
                if let h = heatmap {
                    let path = Self.suffixed(h, suffix)
                    try RSAFigures.heatmap(rdm).write(to: u.path(for: path, holds: "heatmap of the RDM \(sets[index].name)"))
                    try u.describeOnce(stem: OutputUnit.stem(of: path), record: record)
                    printed.append("wrote \(path)")
                }
                if let mdsPath = mds {
                    let path = Self.suffixed(mdsPath, suffix)
                    let result = try ClassicalMDS.embed(rdm, dimensions: 2, entriesAreSquared: m.entriesAreSquared)
                    var plot = RSAFigures.mdsPlot(result)
                    plot.groups = groups
                    try plot.write(to: u.path(for: path, holds: "MDS plot of the RDM \(sets[index].name)"))
                    let tsv = Self.suffixed(mdsPath, suffix, ext: ".tsv")
                    try RSAFigures.mdsTable(result, names: sets[index].patterns.conditionNames)
                        .write(to: u.path(for: tsv, holds: "MDS coordinates of the conditions"))
                    try u.describeOnce(stem: OutputUnit.stem(of: path), record: record)
                    printed.append("wrote \(path) and \(tsv)")
                }
            }
        }
        print("wrote \(out): \(rdms.count == 1 ? "" : "\(rdms.count) RDMs, ")\(rdms[0].conditions) conditions, \(method)")
        for line in printed { print(line) }
    }

    /// `x.png` + `_label-3` -> `x_label-3.png` (optionally with another extension).
    static func suffixed(_ path: String, _ suffix: String, ext: String? = nil) -> String {
        let url = URL(fileURLWithPath: path)
        let e = url.pathExtension.isEmpty ? "" : "." + url.pathExtension
        return url.deletingPathExtension().path + suffix + (ext ?? e)
    }
}

