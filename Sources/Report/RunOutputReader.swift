import Foundation
import Pipeline
import Provenance

// The only file of the report that knows how a run lays out its OUTPUT folder: file names,
// provenance sidecars and the run ledger. Everything else in the report works on `RunOutputs`.

/// One data file of a run, found by its BIDS-style name.
public struct OutputFile: Sendable, Hashable {
    /// Path relative to the output folder, e.g. `sub-01/func/sub-01_task-rest_atlas-sample_meas-pearson_relmat.tsv`.
    public let path: String
    /// Key-value entities of the name (`sub`, `ses`, `task`, `run`, `atlas`, `meas`, `desc`, ...).
    public let entities: [String: String]
    /// The BIDS suffix (`relmat`, `timeseries`, `nodes`, `rqa`, `rdms`, `similarity`, `rp`, ...).
    public let suffix: String
    /// What follows the suffix, e.g. the ROI of `..._rp_<roi>.png`.
    public let trailer: String
    /// Extension without the dot (`tsv`, `npy`, `nii.gz`, ...).
    public let fileExtension: String
    /// The provenance sidecar describing this file (relative path), if one was found.
    public let sidecar: String?

    public var subject: String? { entities["sub"] }
    public var name: String { (path as NSString).lastPathComponent }
    /// The path without the extension.
    public var stem: String { String(path.dropLast(fileExtension.count + 1)) }

    /// Splits a file name into entities, suffix and trailer. Tokens before the suffix are
    /// `key-value`; `rp_<roi>` keeps the ROI (which may hold any character) whole.
    static func parse(name: String) -> (entities: [String: String], suffix: String, trailer: String, ext: String) {
        var base = name, ext = ""
        for e in [".nii.gz", ".tsv.gz"] where name.hasSuffix(e) { base = String(name.dropLast(e.count)); ext = String(e.dropFirst()) }
        if ext.isEmpty, let dot = name.lastIndex(of: "."), dot != name.startIndex {
            base = String(name[..<dot]); ext = String(name[name.index(after: dot)...])
        }
        var entities: [String: String] = [:]
        var words: [String] = []
        let tokens = base.components(separatedBy: "_")
        for (i, t) in tokens.enumerated() {
            if let dash = t.firstIndex(of: "-"), words.isEmpty, dash != t.startIndex, t[..<dash].allSatisfy({ $0.isLetter }) {
                entities[String(t[..<dash])] = String(t[t.index(after: dash)...])
            } else {
                words = Array(tokens[i...])
                break
            }
        }
        // `layers_meas-correlation_rdms`: entities may follow a leading word
        if let first = words.first, first != "rp", words.count > 1 {
            var rest: [String] = []
            for t in words.dropFirst() {
                if let dash = t.firstIndex(of: "-"), dash != t.startIndex, rest.isEmpty, t[..<dash].allSatisfy({ $0.isLetter }) {
                    entities[String(t[..<dash])] = String(t[t.index(after: dash)...])
                } else { rest.append(t) }
            }
            if !rest.isEmpty { entities["label"] = first; words = rest }
        }
        let suffix = words.first ?? ""
        return (entities, suffix, words.dropFirst().joined(separator: "_"), ext)
    }
}

/// One step of the run for one subject (or `networks`, `group`) and how it ended.
public struct StepStatus: Sendable, Equatable {
    public enum State: String, Sendable {
        case done, failed, running, pending, outputsOnly = "outputs present"

        init(_ s: UnitState.State) {
            switch s {
            case .done: self = .done
            case .failed: self = .failed
            case .running: self = .running
            case .pending: self = .pending
            }
        }
    }
    public let subject: String
    public let step: String
    public let state: State
    public let error: String?
}

/// What a run left in its output folder.
public struct RunOutputs: @unchecked Sendable {
    public let root: String
    /// Data files (sidecars, the ledger, hidden files and the report itself excluded), sorted by path.
    public let files: [OutputFile]
    /// Every step's status, in subject and step order.
    public let steps: [StepStatus]
    /// Where `steps` came from, in words (the ledger, or the outputs when there is no ledger).
    public let stepsSource: String
    /// `dataset_description.json`, parsed (empty when absent).
    public let datasetDescription: [String: Any]

    /// Reads an output folder. Fails only when the folder cannot be listed; unreadable sidecars
    /// or ledger are reported as missing rather than stopping the report.
    public static func read(root: String) throws -> RunOutputs {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDir), isDir.boolValue else {
            throw ReportError("\(root): no such output folder")
        }
        let all = try listFiles(root)
        var listings = SidecarListings(root: root, present: Set(all))
        var found: [(String, String?)] = []
        for rel in all where rel != "dataset_description.json" { found.append((rel, listings.sidecar(for: rel))) }
        // a JSON some file names as its sidecar is provenance, not data; one no file claims is data
        let sidecars = Set(found.compactMap(\.1))
        var files: [OutputFile] = []
        for (rel, s) in found where !sidecars.contains(rel) {
            let p = OutputFile.parse(name: (rel as NSString).lastPathComponent)
            files.append(OutputFile(path: rel, entities: p.entities, suffix: p.suffix, trailer: p.trailer, fileExtension: p.ext, sidecar: s))
        }
        let description = json(at: "\(root)/dataset_description.json") ?? [:]
        let (steps, source) = readSteps(root: root, files: files)
        return RunOutputs(root: root, files: files, steps: steps, stepsSource: source, datasetDescription: description)
    }

    /// A file's sidecar, parsed.
    public func sidecar(of file: OutputFile) -> [String: Any]? {
        file.sidecar.flatMap { Self.json(at: "\(root)/\($0)") }
    }

    /// A JSON object file, or nil.
    public static func json(at path: String) -> [String: Any]? {
        guard let d = FileManager.default.contents(atPath: path) else { return nil }
        return (try? JSONSerialization.jsonObject(with: d)) as? [String: Any]
    }

    /// Input paths listed in a sidecar (`Inputs: [{path, sha256}]`).
    public static func inputs(of sidecar: [String: Any]?) -> [String] {
        ((sidecar?["Inputs"] as? [[String: Any]]) ?? []).compactMap { $0["path"] as? String }
    }

    // MARK: discovery

    static func listFiles(_ root: String) throws -> [String] {
        guard let e = FileManager.default.enumerator(atPath: root) else { throw ReportError("\(root): cannot list the output folder") }
        var out: [String] = []
        while let rel = e.nextObject() as? String {
            let name = (rel as NSString).lastPathComponent
            if name.hasPrefix(".") { e.skipDescendants(); continue }
            if rel == "report" || rel == "report.html" || rel == "report.json" || rel.hasPrefix("report/") { e.skipDescendants(); continue }
            var d: ObjCBool = false
            if FileManager.default.fileExists(atPath: "\(root)/\(rel)", isDirectory: &d), !d.boolValue { out.append(rel) }
        }
        return out.sorted()
    }

    /// The provenance sidecars of an output folder, by the engine's naming rule (`OutputUnit`):
    /// a file belongs to the longest output stem it starts with, and that stem's sidecar
    /// (`OutputUnit.sidecarPath`) lists it in `Files`. So a file's sidecar is its own stem's
    /// (`x.json` beside `x.tsv`), or the first shorter stem's (cut at `_`) whose sidecar names
    /// the file (`x_desc-graph.json` for `x_desc-graph_nodes.tsv` and `x_desc-graph_global.json`).
    struct SidecarListings {
        let root: String
        let present: Set<String>
        /// Names each parsed sidecar lists (relative to its folder), by sidecar path.
        private var listed: [String: Set<String>] = [:]

        init(root: String, present: Set<String>) { self.root = root; self.present = present }

        mutating func sidecar(for rel: String) -> String? {
            var stem = OutputUnit.stem(of: rel)
            let own = OutputUnit.sidecarPath(stem: stem)
            if own != rel, present.contains(own) { return own }
            let name = (rel as NSString).lastPathComponent
            while let cut = stem.lastIndex(of: "_"), !stem[cut...].contains("/") {
                stem = String(stem[..<cut])
                let candidate = OutputUnit.sidecarPath(stem: stem)
                guard candidate != rel, present.contains(candidate) else { continue }
                if names(in: candidate).contains(name) { return candidate }
            }
            return nil
        }

        /// The `Files` a sidecar lists (`{"path": ...}` objects, or plain names).
        private mutating func names(in sidecar: String) -> Set<String> {
            if let known = listed[sidecar] { return known }
            let files = (RunOutputs.json(at: "\(root)/\(sidecar)")?["Files"] as? [Any]) ?? []
            let names = Set(files.compactMap { ($0 as? String) ?? (($0 as? [String: Any])?["path"] as? String) })
            listed[sidecar] = names
            return names
        }
    }

    // MARK: step status

    /// Step status from the run ledger (`.neurorep/ledger.sqlite`, opened read-only): the state
    /// of every unit the runs planned, as `RunLedger.unitStates()` defines it (the same states
    /// `neurorep status` prints) — a function of the final outputs and ledger records only, not
    /// of which process ran what or when. Without a readable ledger, one "outputs present" entry
    /// per subject and kind of output.
    static func readSteps(root: String, files: [OutputFile]) -> ([StepStatus], String) {
        guard FileManager.default.fileExists(atPath: "\(root)/.neurorep/ledger.sqlite") else {
            return (fromOutputs(files), "the outputs on disk (no run ledger in .neurorep/)")
        }
        do {
            let states = try RunLedger.existing(outputRoot: root, readOnly: true).unitStates()
            return (states.map { StepStatus(subject: $0.subject, step: $0.step, state: StepStatus.State($0.state), error: $0.error) },
                    "the run ledger (.neurorep/ledger.sqlite)")
        } catch {
            return (fromOutputs(files), "the outputs on disk (the run ledger could not be read: \(error))")
        }
    }

    static func fromOutputs(_ files: [OutputFile]) -> [StepStatus] {
        var seen = Set<String>()
        var out: [StepStatus] = []
        for f in files {
            let top = f.path.components(separatedBy: "/").first ?? ""
            let subject = f.subject ?? top
            let kind = f.suffix.isEmpty ? f.fileExtension : f.suffix
            let key = subject + "\u{0}" + kind
            if seen.insert(key).inserted { out.append(StepStatus(subject: subject, step: kind, state: .outputsOnly, error: nil)) }
        }
        return out.sorted { ($0.subject, $0.step) < ($1.subject, $1.step) }
    }
}

/// A report that cannot be written (no output folder, unwritable pages).
public struct ReportError: Error, CustomStringConvertible {
    public let description: String
    public init(_ message: String) { description = message }
}
