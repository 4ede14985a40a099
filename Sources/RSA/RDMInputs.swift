import ArrayFiles
import Foundation

/// The pattern sets of `neurorep rdm` (one RDM each) from its three kinds of input, with the
/// table that says what each RDM of a stack is, and the inputs to checksum. Pipelines read
/// beta maps through the same `BetaMapPatterns`.
public enum RDMInputs {
    public struct Loaded {
        public var sets: [(name: String, patterns: PatternSet)]
        /// Columns and rows of the `_rois.tsv` / `_layers.tsv` table written beside a stack.
        public var tableColumns: [String]
        public var tableRows: [[String]]
        /// Files read (for provenance), besides any the caller hashes itself.
        public var inputs: [String]
    }

    /// A pattern array (`.npy`), split into runs by a run-label file when given.
    public static func patterns(_ path: String, runLabels: String?) throws -> Loaded {
        var x = try PatternSources.fromNPY(path)
        if let r = runLabels { x = try PatternSources.splitRuns(x, runLabels: PatternSources.readRunLabels(r), name: path) }
        return Loaded(sets: [(path, x)], tableColumns: ["label", "voxels", "excluded_voxels"], tableRows: [], inputs: [runLabels].compactMap { $0 })
    }

    /// Every layer of a network's activations (or one `layer`).
    public static func activations(_ path: String, layer: String?) throws -> Loaded {
        let sets = try PatternSources.fromActivations(path, layer: layer)
        var isDir: ObjCBool = false
        let file = FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && !isDir.boolValue
        // the layers' RDMs share one stack, so every layer needs the same conditions; said here,
        // naming the input, rather than when the stack is written
        if let first = sets.first, let other = sets.first(where: { $0.patterns.conditions != first.patterns.conditions }) {
            throw RSAError(path, "layer \(first.name) has \(first.patterns.conditions) conditions, layer \(other.name) \(other.patterns.conditions): the layers' RDMs cannot share one stack (choose one with --layer)")
        }
        return Loaded(sets: sets, tableColumns: ["layer", "units", "samples"],
                      tableRows: sets.map { [$0.name, "\($0.patterns.channels)", "\($0.patterns.runs)"] }, inputs: file ? [path] : [])
    }

    /// One pattern set per ROI of `atlas` from beta maps: a conditions table (`condition`, `run`)
    /// for a 4D stack, or one 3D map per condition in the order given. `regionName` names a
    /// label (callers pass ROIExtraction's one naming rule).
    public static func betas(_ files: [String], atlas: String, conditions: String?, regionName: (Int) -> String) throws -> Loaded {
        let obs: [BetaMapPatterns.Observation]
        if let c = conditions { obs = try BetaMapPatterns.observations(tsv: c) } else {
            obs = files.map { .init(condition: URL(fileURLWithPath: $0).lastPathComponent, run: 0) }
        }
        let rois = try BetaMapPatterns.load(files: files, observations: obs, atlas: atlas)
        return Loaded(sets: rois.map { (regionName($0.label), $0.patterns) }, tableColumns: ["label", "voxels", "excluded_voxels"],
                      tableRows: rois.map { ["\($0.label)", "\($0.patterns.channels)", "\($0.excludedVoxels)"] },
                      inputs: files + [atlas] + [conditions].compactMap { $0 })
    }

    /// A group index per condition (for colouring MDS points) from a column of a conditions
    /// table: each condition gets the value of its first row, groups numbered in order of appearance.
    public static func conditionGroups(table path: String, column: String, names: [String]) throws -> [Int] {
        let t = try DelimitedTable.read(path)
        let col = try t.columnIndex(column, file: path)
        let condCol = t.columns.firstIndex(of: "condition") ?? t.columns.firstIndex(of: "trial_type") ?? 0
        var firstRow: [String: String] = [:]
        for row in t.rows where firstRow[row[condCol]] == nil { firstRow[row[condCol]] = row[col] }
        var ids: [String: Int] = [:]
        return names.map { n in
            let g = firstRow[n] ?? ""
            if let id = ids[g] { return id }
            ids[g] = ids.count
            return ids.count - 1
        }
    }
}

extension RDMMethod {
    /// Whether the RDM's entries are squared distances (Euclidean, Mahalanobis, crossnobis), which
    /// classical MDS takes as they are instead of squaring them.
    public var entriesAreSquared: Bool { [.euclidean, .mahalanobis, .crossnobis].contains(self) }
}
