import Connectivity
import Foundation

/// Checks a parsed config against `ConfigSchema`: unknown keys (with a did-you-mean), missing
/// required keys, wrong types, out-of-range numbers, missing files, and stages whose inputs
/// nothing produces. Every problem is collected with its line and column.
struct ConfigValidator {
    let file: String
    /// Folder that relative paths are resolved against (the config file's folder).
    let baseDirectory: String
    var errors: [ConfigError] = []

    init(file: String, baseDirectory: String) {
        self.file = file
        self.baseDirectory = baseDirectory
    }

    mutating func fail(_ pos: ConfigNode.Position?, _ message: String) {
        errors.append(ConfigError(file: file, position: pos, message: message))
    }

    mutating func validate(_ node: ConfigNode) {
        checkObject(node, keys: ConfigSchema.root, path: "")
        if let o = node["output"], let s = o.scalar, s.trimmingCharacters(in: .whitespaces).isEmpty {
            fail(o.position, "'output' must name a folder (got '\(s)'); outputs never go into the config's own folder")
        }
        if errors.isEmpty { checkStageInputs(node) }
    }

    mutating func checkObject(_ node: ConfigNode, keys: [ConfigKey], path: String) {
        guard case .mapping(let entries) = node.value else {
            fail(node.position, "\(path.isEmpty ? "the config" : "'\(path)'") must be a mapping of keys to values")
            return
        }
        var seen = Set<String>()
        for e in entries {
            let full = path.isEmpty ? e.key : "\(path).\(e.key)"
            guard let spec = keys.first(where: { $0.name == e.key }) else {
                fail(e.keyPosition, "unknown key '\(full)'\(DidYouMean.hint(for: e.key, among: keys.map(\.name)))" +
                     "; allowed here: \(keys.map(\.name).joined(separator: ", "))")
                continue
            }
            if !seen.insert(e.key).inserted { fail(e.keyPosition, "key '\(full)' appears twice") }
            checkValue(e.value, kind: spec.kind, path: full)
        }
        for k in keys where k.required && !seen.contains(k.name) {
            fail(node.position, "missing required key '\(path.isEmpty ? k.name : path + "." + k.name)' (\(k.doc))")
        }
    }

    mutating func checkValue(_ node: ConfigNode, kind: ConfigKey.Kind, path: String) {
        if node.isNull {
            switch kind {
            case .object: return  // an empty stage section means "run with defaults"
            default: fail(node.position, "'\(path)' has no value; expected \(kind.name)"); return
            }
        }
        switch kind {
        case .string:
            if node.scalar == nil { fail(node.position, "'\(path)' must be a string") }
        case .integer(let range):
            guard let s = node.scalar, let v = Int(s) else { fail(node.position, "'\(path)' must be an integer, got \(describe(node))"); return }
            if let r = range, !r.contains(v) { fail(node.position, "'\(path)' = \(v) is outside \(r.lowerBound)...\(r.upperBound)") }
        case .number(let range):
            guard let s = node.scalar, let v = Double(s), v.isFinite else { fail(node.position, "'\(path)' must be a number, got \(describe(node))"); return }
            if let r = range, !r.contains(v) { fail(node.position, "'\(path)' = \(s) is outside [\(r.lowerBound), \(r.upperBound)]") }
        case .boolean:
            guard let s = node.scalar, ["true", "false", "True", "False", "yes", "no"].contains(s) else {
                fail(node.position, "'\(path)' must be true or false, got \(describe(node))"); return
            }
        case .path(let mustExist):
            guard let s = node.scalar else { fail(node.position, "'\(path)' must be a path"); return }
            if mustExist && !FileManager.default.fileExists(atPath: resolve(s)) {
                fail(node.position, "'\(path)': no such file or folder '\(s)' (resolved to \(resolve(s)))")
            }
        case .file:
            guard let s = node.scalar else { fail(node.position, "'\(path)' must be a file path"); return }
            var isDir: ObjCBool = false
            if !FileManager.default.fileExists(atPath: resolve(s), isDirectory: &isDir) {
                fail(node.position, "'\(path)': no such file '\(s)' (resolved to \(resolve(s)))")
            } else if isDir.boolValue {
                fail(node.position, "'\(path)': '\(s)' is a folder; expected a file")
            }
        case .label:
            guard let s = node.scalar else { fail(node.position, "'\(path)' must be a label"); return }
            if !BIDSLabel.isValid(s) {
                fail(node.position, "'\(path)' = '\(s)' is not a BIDS label: use letters and digits only (it becomes part of output file names)")
            }
        case .choice(let choices):
            let options = choices.names
            guard let s = node.scalar else { fail(node.position, "'\(path)' must be one of \(options.joined(separator: ", "))"); return }
            if choices.canonical(s) == nil {
                fail(node.position, "'\(path)' = '\(s)' is not one of \(options.joined(separator: ", "))\(DidYouMean.hint(for: s, among: options + choices.aliases.keys.sorted()))")
            }
        case .list(let inner):
            for (i, item) in node.items.enumerated() { checkValue(item, kind: inner, path: "\(path)[\(i)]") }
        case .object(let keys):
            checkObject(node, keys: keys, path: path)
        case .objects(let keys):
            guard case .sequence(let items) = node.value else { fail(node.position, "'\(path)' must be a list of mappings"); return }
            for (i, item) in items.enumerated() { checkObject(item, keys: keys, path: "\(path)[\(i)]") }
        }
    }

    func describe(_ node: ConfigNode) -> String {
        switch node.value {
        case .scalar(let s): return "'\(s)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .null: return "nothing"
        }
    }

    func resolve(_ p: String) -> String {
        p.hasPrefix("/") ? p : URL(fileURLWithPath: baseDirectory).appendingPathComponent(p).standardized.path
    }

    /// A stage whose inputs nothing produces, thresholds given twice or not at all, and atlas
    /// names that no atlas has.
    mutating func checkStageInputs(_ root: ConfigNode) {
        guard let stages = root["stages"], let inputs = root["inputs"] else { return }
        func has(_ k: String) -> Bool { stages[k] != nil }
        func pos(_ k: String) -> ConfigNode.Position? {
            if case .mapping(let m) = stages.value { return m.first { $0.key == k }?.keyPosition }
            return nil
        }
        let atlasNames = (inputs["atlases"]?.items ?? []).compactMap { $0["name"]?.scalar }
        let hasBold = inputs["fmriprep"] != nil || inputs["bold"] != nil
        if has("timeseries") {
            if !hasBold { fail(pos("timeseries"), "stage 'timeseries' needs BOLD runs: set 'inputs.fmriprep' or 'inputs.bold'") }
            if atlasNames.isEmpty { fail(pos("timeseries"), "stage 'timeseries' needs an atlas: set 'inputs.atlases'") }
            for n in stages["timeseries"]?["atlas"]?.items ?? [] where !atlasNames.contains(n.scalar ?? "") {
                fail(n.position, "'stages.timeseries.atlas': no atlas named '\(n.scalar ?? "")'\(DidYouMean.hint(for: n.scalar ?? "", among: atlasNames))")
            }
        }
        for s in ["connectivity", "recurrence"] where has(s) && !has("timeseries") {
            fail(pos(s), "stage '\(s)' needs ROI time series, but stage 'timeseries' is not configured")
        }
        if has("graph") {
            if !has("connectivity") { fail(pos("graph"), "stage 'graph' needs connectivity matrices, but stage 'connectivity' is not configured") }
            let g = stages["graph"]!
            let n = ["proportional", "absolute"].filter { g[$0] != nil }.count
            if n != 1 { fail(pos("graph"), "stage 'graph' needs exactly one of 'proportional' or 'absolute' (got \(n))") }
            let defaults = PipelineConfig.Connectivity().kinds.map(\.rawValue)
            let kinds = (stages["connectivity"]?["kinds"]?.items.compactMap(\.scalar) ?? defaults).map { ConnectivityKind.parse($0)?.rawValue ?? $0 }
            let m = ConnectivityKind.parse(g["matrix"]?.scalar ?? "")?.rawValue ?? PipelineConfig.Graph().matrix.rawValue
            if m == ConnectivityKind.tangent.rawValue || !kinds.contains(m) {
                fail(g["matrix"]?.position ?? pos("graph"), "stage 'graph' uses matrix '\(m)', which 'stages.connectivity.kinds' does not produce per subject (\(kinds.joined(separator: ", ")))")
            }
        }
        if has("recurrence") {
            let r = stages["recurrence"]!
            let n = ["threshold", "threshold_std", "recurrence_rate"].filter { r[$0] != nil }.count
            if n != 1 { fail(pos("recurrence"), "stage 'recurrence' needs exactly one of 'threshold', 'threshold_std', 'recurrence_rate' (got \(n))") }
        }
        if has("glm") {
            if !hasBold { fail(pos("glm"), "stage 'glm' needs BOLD runs: set 'inputs.fmriprep' or 'inputs.bold'") }
            if let a = stages["glm"]?["atlas"]?.scalar, !atlasNames.contains(a) {
                fail(stages["glm"]?["atlas"]?.position, "'stages.glm.atlas': no atlas named '\(a)'\(DidYouMean.hint(for: a, among: atlasNames))")
            }
            if inputs["betas"] != nil && (has("rsa") || has("shape")) {
                fail(pos("glm"), "both 'inputs.betas' and stage 'glm' give beta maps; keep one of them")
            }
            if stages["glm"]?["conditions"] == nil && (has("rsa") || has("shape")) {
                fail(pos("glm"), "stage 'glm' needs 'conditions' (the conditions table, in the order of the layers' rows) for 'rsa' and 'shape'")
            }
        }
        if let n = stages["glm"]?["confounds"]?["n_compcor"], let v = n.scalar {
            let ok = v == "all" || (Int(v).map { $0 >= 1 } ?? false) || (Double(v).map { $0 > 0 && $0 < 1 } ?? false)
            if !ok { fail(n.position, "'stages.glm.confounds.n_compcor' = '\(v)': use all, a positive count, or a variance fraction in (0, 1)") }
        }
        for s in ["rsa", "shape"] where has(s) {
            if inputs["betas"] == nil && !has("glm") { fail(pos(s), "stage '\(s)' needs brain patterns: set 'inputs.betas' or configure stage 'glm'") }
            if inputs["activations"] == nil { fail(pos(s), "stage '\(s)' needs network activations: set 'inputs.activations'") }
            if atlasNames.isEmpty { fail(pos(s), "stage '\(s)' needs an atlas for the ROIs: set 'inputs.atlases'") }
        }
        if let a = inputs["betas"]?["atlas"]?.scalar, !atlasNames.contains(a) {
            fail(inputs["betas"]?["atlas"]?.position, "'inputs.betas.atlas': no atlas named '\(a)'\(DidYouMean.hint(for: a, among: atlasNames))")
        }
        if let n = stages["timeseries"]?["confounds"]?["n_compcor"], let v = n.scalar {
            let ok = v == "all" || (Int(v).map { $0 >= 1 } ?? false) || (Double(v).map { $0 > 0 && $0 < 1 } ?? false)
            if !ok { fail(n.position, "'stages.timeseries.confounds.n_compcor' = '\(v)': use all, a positive count, or a variance fraction in (0, 1)") }
        }
        checkRunwiseRSA(stages: stages, inputs: inputs)
        checkStochasticShape(stages, inputs: inputs)
        if has("trsa") && !has("rsa") { fail(pos("trsa"), "stage 'trsa' transforms the RDMs of stage 'rsa', which is not configured") }
        if let t = stages["trsa"], let l = Double(t["lower"]?.scalar ?? "0.2"), let u = Double(t["upper"]?.scalar ?? "0.8"), l >= u {
            fail(t.position, "'stages.trsa': lower (\(l)) must be below upper (\(u))")
        }
    }
}
