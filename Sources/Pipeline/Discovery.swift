import FMRIWorkflow
import Foundation

/// One preprocessed BOLD run found in the inputs, with the files that belong to it.
public struct BOLDRun: Sendable, Equatable {
    public var bold: String
    public var entities: BIDSName
    /// fMRIPrep's `*_desc-confounds_timeseries.tsv` for the run, when present.
    public var confounds: String?
    /// The BOLD's JSON sidecar, when present.
    public var sidecar: String?
    /// `RepetitionTime` from the sidecar, when present.
    public var repetitionTime: Double?

    public var subject: String { entities.value("sub") ?? BIDSName.label(from: BIDSName.stem(of: bold)) }
}

/// Finds BOLD runs in an fMRIPrep derivatives folder (or a BIDS dataset) and in explicit file
/// lists or glob patterns, and applies the entity filters of the config.
public enum Discovery {
    /// All runs the config selects, sorted by path. Errors name the config when nothing matches.
    public static func runs(for config: PipelineConfig) throws -> [BOLDRun] {
        var paths: [String] = []
        if let root = config.fmriprep { paths += findPreprocessedBOLD(under: root) }
        let base = URL(fileURLWithPath: config.file).deletingLastPathComponent().path
        for pattern in config.bold {
            let full = pattern.hasPrefix("/") ? pattern : "\(base)/\(pattern)"
            let matches = Glob.expand(full)
            if matches.isEmpty {
                throw ConfigError(file: config.file, position: nil, message: "'inputs.bold' pattern '\(pattern)' matches no file")
            }
            paths += matches
        }
        let f = config.filters
        let runs = try Array(Set(paths)).sorted().filter { path in
            let name = BIDSName(path: path)
            func keep(_ key: String, _ allowed: [String]) -> Bool { allowed.isEmpty || allowed.contains(name.value(key) ?? "") }
            return keep("sub", f.participant) && keep("ses", f.session) && keep("task", f.task) && keep("run", f.run) && keep("space", f.space)
        }.map(describe)
        for r in runs {
            for key in ["sub", "ses", "task", "run"] {
                if let v = r.entities.value(key), !BIDSLabel.isValid(v) {
                    throw ConfigError(file: config.file, position: nil,
                                      message: "\(r.bold): the '\(key)' label '\(v)' is not a BIDS label (letters and digits only); it would end up in output names")
                }
            }
        }
        if runs.isEmpty {
            throw ConfigError(file: config.file, position: nil,
                              message: "no BOLD run found (\(paths.count) before the entity filters) in \(config.fmriprep ?? "inputs.bold")")
        }
        return runs
    }

    /// The task runs of the `glm` stage with their events files: the runs `inputs` select, with
    /// `stages.glm.task` in place of the task filter. Without `task`, runs with no events file
    /// (resting state) are left out; with it, a selected run without one is an error.
    public static func taskRuns(for config: PipelineConfig) throws -> [(run: BOLDRun, events: String)] {
        guard let g = config.glm else { return [] }
        var c = config
        if !g.task.isEmpty { c.filters.task = g.task }
        let root = g.events ?? config.fmriprep.flatMap(bidsRoot(ofDerivatives:))
        var out: [(BOLDRun, String)] = []
        for r in try runs(for: c) {
            if let e = events(for: r, bidsRoot: root) { out.append((r, e)); continue }
            if !g.task.isEmpty {
                throw ConfigError(file: config.file, position: nil,
                                  message: "stage 'glm': no events file for \(r.bold) (looked beside it and in \(root ?? "no BIDS dataset; set 'stages.glm.events'"))")
            }
        }
        if out.isEmpty {
            throw ConfigError(file: config.file, position: nil,
                              message: "stage 'glm': no BOLD run has an events file (`*_events.tsv` beside the BOLD or in \(root ?? "the BIDS dataset: set 'stages.glm.events'"))")
        }
        return out
    }

    /// The raw BIDS dataset of an fMRIPrep output at `<bids>/derivatives/<name>`, when it is there.
    static func bidsRoot(ofDerivatives path: String) -> String? {
        let parent = (path as NSString).deletingLastPathComponent
        guard (parent as NSString).lastPathComponent == "derivatives" else { return nil }
        return (parent as NSString).deletingLastPathComponent
    }

    /// A run's BIDS events: `<entities but space/res/desc/cohort>_events.tsv` beside the BOLD,
    /// then in the BIDS dataset's `sub-X/[ses-Y/]func/`; each also without `run-` (BIDS
    /// inheritance: one events file for every run of a task).
    static func events(for run: BOLDRun, bidsRoot: String?) -> String? {
        let kept = run.entities.entities.filter { !["space", "res", "desc", "cohort"].contains($0.key) }
        let names = [kept, kept.filter { $0.key != "run" }].map { $0.map { "\($0.key)-\($0.value)" }.joined(separator: "_") + "_events.tsv" }
        var dirs = [URL(fileURLWithPath: run.bold).deletingLastPathComponent().path]
        if let root = bidsRoot {
            var d = "\(root)/sub-\(run.subject)"
            if let ses = run.entities.value("ses") { d += "/ses-\(ses)" }
            dirs.append(d + "/func")
        }
        for dir in dirs { for n in names where FileManager.default.fileExists(atPath: "\(dir)/\(n)") { return "\(dir)/\(n)" } }
        return nil
    }

    /// The subjects whose beta maps match `inputs.betas.pattern` (its `{participant}` read back
    /// from each matching file name), after the participant filter, with their files.
    public static func betaMaps(for config: PipelineConfig) throws -> [(subject: String, path: String)] {
        guard let betas = config.betas else { return [] }
        let pattern = betas.pattern
        guard let range = pattern.range(of: "{participant}") else {
            throw ConfigError(file: config.file, position: nil, message: "'inputs.betas.pattern' must contain {participant}")
        }
        let prefix = String(pattern[..<range.lowerBound]), suffix = String(pattern[range.upperBound...])
        var out: [(String, String)] = []
        for path in Glob.expand(prefix + "*" + suffix) where path.hasPrefix(prefix) && path.hasSuffix(suffix) {
            let label = String(path.dropFirst(prefix.count).dropLast(suffix.count))
            guard !label.isEmpty, !label.contains("/") else { continue }
            guard BIDSLabel.isValid(label) else {
                throw ConfigError(file: config.file, position: nil,
                                  message: "\(path): the participant label '\(label)' read from 'inputs.betas.pattern' is not a BIDS label (letters and digits only)")
            }
            if config.filters.participant.isEmpty || config.filters.participant.contains(label) { out.append((label, path)) }
        }
        if out.isEmpty {
            throw ConfigError(file: config.file, position: nil, message: "no beta maps match 'inputs.betas.pattern' \(pattern)")
        }
        return out.sorted { $0.0 < $1.0 }
    }

    /// `sub-*/[ses-*/]func/*_desc-preproc_bold.nii[.gz]` below a derivatives root.
    static func findPreprocessedBOLD(under root: String) -> [String] {
        guard let e = FileManager.default.enumerator(atPath: root) else { return [] }
        var out: [String] = []
        while let rel = e.nextObject() as? String {
            let name = (rel as NSString).lastPathComponent
            if rel.hasPrefix("sub-"), rel.contains("/func/"), name.hasSuffix("_desc-preproc_bold.nii.gz") || name.hasSuffix("_desc-preproc_bold.nii") {
                out.append("\(root)/\(rel)")
            }
        }
        return out
    }

    /// The run's entities and its companion files: the confounds table shares every entity
    /// but `space`, `res` and `desc`; the sidecar is the BOLD name with `.json`.
    /// The run's files. A JSON sidecar that is there but unreadable, or whose `RepetitionTime` is
    /// not a positive number of seconds, is an error naming it: silently falling back to the
    /// header would clean with a TR the user did not give.
    static func describe(_ bold: String) throws -> BOLDRun {
        let name = BIDSName(path: bold)
        let dir = URL(fileURLWithPath: bold).deletingLastPathComponent().path
        let kept = name.entities.filter { !["space", "res", "desc", "cohort"].contains($0.key) }
        let confounds = "\(dir)/" + kept.map { "\($0.key)-\($0.value)" }.joined(separator: "_") + "_desc-confounds_timeseries.tsv"
        let sidecar = bold.replacingOccurrences(of: ".nii.gz", with: ".json").replacingOccurrences(of: ".nii", with: ".json")
        var tr: Double?
        if let data = FileManager.default.contents(atPath: sidecar) {
            guard let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw ConfigError(file: sidecar, position: nil, message: "the BOLD's JSON sidecar is not a JSON object")
            }
            if let value = obj["RepetitionTime"] {
                guard let n = value as? NSNumber, !(value is Bool), n.doubleValue > 0, n.doubleValue.isFinite else {
                    throw ConfigError(file: sidecar, position: nil, message: "RepetitionTime must be a positive number of seconds, got \(value)")
                }
                tr = n.doubleValue
            }
        }
        return BOLDRun(bold: bold, entities: name,
                       confounds: FileManager.default.fileExists(atPath: confounds) ? confounds : nil,
                       sidecar: FileManager.default.fileExists(atPath: sidecar) ? sidecar : nil,
                       repetitionTime: tr)
    }
}

/// Shell-style glob expansion (`*`, `?`, `[...]`) through the C library's `glob(3)`.
enum Glob {
    static func expand(_ pattern: String) -> [String] {
        var g = glob_t()
        defer { globfree(&g) }
        guard glob(pattern, 0, nil, &g) == 0 else { return [] }
        return (0..<Int(g.gl_pathc)).compactMap { g.gl_pathv[$0].map { String(cString: $0) } }.sorted()
    }
}

/// BIDS labels: what may stand after `sub-`, `atlas-`... in a file name (ASCII letters and
/// digits). Names from configs and input files that end up in output names are checked
/// against it, so that none can add a folder (`../`) or an entity to an output name.
public enum BIDSLabel {
    public static func isValid(_ s: String) -> Bool {
        !s.isEmpty && s.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0)) }
    }
}
