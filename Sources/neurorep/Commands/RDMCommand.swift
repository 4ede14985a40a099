import ArgumentParser
import ArrayFiles
import Figures
import Foundation
import LinearAlgebra
import Provenance
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
        var sets: [(name: String, patterns: PatternSet)] = []
        var setRows: [[String]] = []
        var setColumns = ["label", "voxels", "excluded_voxels"]
        var pendingDigest: BackgroundDigests?
        if let p = patterns {
            // Hash the input on another core while the RDM is computed (BLAS may run on one).
            pendingDigest = BackgroundDigests(paths: [p])
            var x = try PatternSources.fromNPY(p)
            if let r = runs {
                x = try PatternSources.splitRuns(x, runLabels: PatternSources.readRunLabels(r), name: p)
                try record.addInput(r)
            }
            sets = [(p, x)]
        } else if let path = activations {
            sets = try PatternSources.fromActivations(path, layer: layer)
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue { try record.addInput(path) }
            if let first = sets.first, let other = sets.first(where: { $0.patterns.conditions != first.patterns.conditions }) {
                throw CLIError("\(path): layer \(first.name) has \(first.patterns.conditions) conditions, layer \(other.name) \(other.patterns.conditions): the layers' RDMs cannot share one stack (choose one with --layer)")
            }
            setColumns = ["layer", "units", "samples"]
            setRows = sets.map { [$0.name, "\($0.patterns.channels)", "\($0.patterns.runs)"] }
        } else {
            try record.addInputs(betas + [atlas!] + (conditions.map { [$0] } ?? []))
            let obs: [BetaMapPatterns.Observation]
            if let c = conditions { obs = try BetaMapPatterns.observations(tsv: c) } else {
                // one 3D map per condition, in the order given
                obs = betas.enumerated().map { .init(condition: URL(fileURLWithPath: $0.element).lastPathComponent, run: 0) }
            }
            let rois = try BetaMapPatterns.load(files: betas, observations: obs, atlas: atlas!)
            for r in rois {
                sets.append(("ROI \(r.label)", r.patterns))
                setRows.append(["\(r.label)", "\(r.patterns.channels)", "\(r.excludedVoxels)"])
            }
        }

        var rdms: [RDM] = []
        var noiseUsed = "none"
        for (name, x) in sets {
            var options = RDMOptions(priorLambda: priorLambda, priorWeight: priorWeight, float32: float32)
            if m == .mahalanobis || m == .crossnobis {
                if let np = noisePrecision {
                    let a = try NPY.read(np)
                    guard a.shape == [x.channels, x.channels] else { throw CLIError("\(np): noise precision is \(a.shape), patterns have \(x.channels) channels") }
                    options.noise = .full(Matrix(rows: x.channels, columns: x.channels, elements: a.doubles))
                    noiseUsed = "file"
                } else if let rp = residuals {
                    let a = try NPY.read(rp)
                    guard a.shape.count == 2, a.shape[1] == x.channels else { throw CLIError("\(rp): residuals must be n x \(x.channels), got \(a.shape)") }
                    let est = NoiseEstimator(rawValue: noise ?? "shrinkage_diag") ?? .shrinkageDiag
                    options.noise = .full(try NoisePrecision.fromResiduals(Matrix(rows: a.shape[0], columns: a.shape[1], elements: a.doubles), method: est))
                    noiseUsed = "residuals, \(est.rawValue)"
                } else if let est = NoiseEstimator(rawValue: noise ?? (x.runs >= 2 ? "shrinkage_diag" : "none")) {
                    options.noise = .full(try NoisePrecision.fromMeasurements(x, method: est))
                    noiseUsed = "measurements, \(est.rawValue)"
                }
            }
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

        if rdms.count == 1 {
            try RDMFiles.write(rdms[0], to: out, names: sets[0].patterns.conditionNames, float32: float32)
        } else {
            try RDMFiles.writeStack(rdms, to: out)
            let table = out.replacingOccurrences(of: ".npy", with: "") + (activations != nil ? "_layers.tsv" : "_rois.tsv")
            try DelimitedTable(columns: setColumns, rows: setRows).write(to: table)
            try record.writeSidecar(for: table)
        }
        try record.writeSidecar(for: out)
        print("wrote \(out): \(rdms.count == 1 ? "" : "\(rdms.count) RDMs, ")\(rdms[0].conditions) conditions, \(method)")

        // Pictures: one per RDM (ROI or layer); several get the RDM's name appended.
        var groups: [Int]?
        if let column = mdsGroups {
            guard let c = conditions else { throw CLIError("--mds-groups needs --conditions") }
            let t = try DelimitedTable.read(c)
            let col = try t.columnIndex(column, file: c)
            let names = sets[0].patterns.conditionNames ?? []
            var firstRow: [String: String] = [:]
            let condCol = t.columns.firstIndex(of: "condition") ?? t.columns.firstIndex(of: "trial_type") ?? 0
            for row in t.rows where firstRow[row[condCol]] == nil { firstRow[row[condCol]] = row[col] }
            var ids: [String: Int] = [:]
            groups = names.map { n in
                let g = firstRow[n] ?? ""
                if ids[g] == nil { ids[g] = ids.count }
                return ids[g]!
            }
        }
        for (index, rdm) in rdms.enumerated() {
            let suffix = rdms.count == 1 ? "" : "_" + sets[index].name.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "/", with: "_")
            if let h = heatmap {
                let path = Self.suffixed(h, suffix)
                try RSAFigures.heatmap(rdm).write(to: path)
                try record.writeSidecar(for: path)
                print("wrote \(path)")
            }
            if let mdsPath = mds {
                let path = Self.suffixed(mdsPath, suffix)
                let squared = [RDMMethod.euclidean, .mahalanobis, .crossnobis].contains(m)
                let result = try ClassicalMDS.embed(rdm, dimensions: 2, entriesAreSquared: squared)
                var plot = RSAFigures.mdsPlot(result)
                plot.groups = groups
                try plot.write(to: path)
                let tsv = Self.suffixed(mdsPath, suffix, ext: ".tsv")
                try RSAFigures.mdsTable(result, names: sets[index].patterns.conditionNames).write(to: tsv)
                try record.writeSidecar(for: path)
                try record.writeSidecar(for: tsv)
                print("wrote \(path) and \(tsv)")
            }
        }
    }

    /// `x.png` + `_ROI3` -> `x_ROI3.png` (optionally with another extension).
    static func suffixed(_ path: String, _ suffix: String, ext: String? = nil) -> String {
        let url = URL(fileURLWithPath: path)
        let e = url.pathExtension.isEmpty ? "" : "." + url.pathExtension
        return url.deletingPathExtension().path + suffix + (ext ?? e)
    }
}

/// Pictures of RDMs shared by the RSA commands.
enum RSAFigures {
    static func heatmap(_ rdm: RDM) -> Heatmap {
        var h = Heatmap(values: rdm.square.elements, rows: rdm.conditions, columns: rdm.conditions)
        h.ignoreDiagonalForRange = true
        return h
    }

    static func mdsPlot(_ r: ClassicalMDS.Embedding) -> ScatterPlot {
        ScatterPlot(x: r.coordinates.column(0), y: r.coordinates.columns > 1 ? r.coordinates.column(1) : [Double](repeating: 0, count: r.coordinates.rows))
    }

    static func mdsTable(_ r: ClassicalMDS.Embedding, names: [String]?) -> DelimitedTable {
        let rows = (0..<r.coordinates.rows).map { i in [names?[i] ?? "\(i)"] + r.coordinates.row(i).map(DelimitedTable.format) }
        return DelimitedTable(columns: ["condition"] + (1...r.coordinates.columns).map { "mds\($0)" }, rows: rows)
    }
}
