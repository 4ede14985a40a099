import Foundation
import Provenance

/// `neurorep report OUTPUT`: writes `OUTPUT/report.html` (the group page) and one page per
/// subject in `OUTPUT/report/`, from what the run recorded (outputs, sidecars, run ledger).
/// Pages are self-contained HTML with inline SVG figures; images (recurrence plots) and data
/// links are relative paths into the output folder, so the report works offline and moves with
/// the folder. Deterministic: a rerun over the same outputs writes the same bytes.
public enum RunReport {
    public struct Written: Sendable {
        /// Pages written, relative to the output folder (group page first).
        public let pages: [String]
        /// Their total size in bytes.
        public let bytes: Int
    }

    public static func write(outputRoot: String) throws -> Written {
        let root = URL(fileURLWithPath: outputRoot).standardized.path
        // several runs may end at once on one output folder (two terminals, a shard and the
        // group job): each reads the state and writes the report under one lock, so the last
        // report written is one of the final state, never a stale read committed late
        let lock = try ReportLock(root: root)
        defer { lock.release() }
        let outputs = try RunOutputs.read(root: root)
        var subjects = Set(outputs.files.compactMap(\.subject))
        for s in outputs.steps where !StatusSection.phases.contains(s.subject) { subjects.insert(s.subject) }
        let sorted = subjects.sorted()
        // messages name files relative to the output folder, so the report does not depend on where the folder is
        func relative(_ html: String) -> String { html.replacingOccurrences(of: root + "/", with: "") }
        var pages: [(String, String)] = [("report.html", relative(GroupPage(outputs: outputs, subjects: sorted).html))]
        for (i, s) in sorted.enumerated() {
            let page = SubjectPage(outputs: outputs, subject: s, previous: i > 0 ? sorted[i - 1] : nil, next: i + 1 < sorted.count ? sorted[i + 1] : nil)
            pages.append(("report/" + SubjectPage.fileName(s), relative(page.html)))
        }
        do {
            let record = try provenance(root: root, outputs: outputs)
            // one output unit: every page and the one sidecar `report.json` (the stem `report`,
            // listing `report.html` and `report/sub-<label>.html` with their SHA-256) appear together
            let staging = "\(root)/.neurorep/staging"
            try OutputUnit.write(root: root, stagingParent: FileManager.default.fileExists(atPath: "\(root)/.neurorep") ? staging : nil) { unit in
                for (rel, text) in pages {
                    try Data(text.utf8).write(to: URL(fileURLWithPath: try unit.path(for: "\(root)/\(rel)", holds: holds(rel))))
                }
                try unit.describe(stem: "\(root)/report", record: record, also: pages.dropFirst().map { "\(root)/\($0.0)" })
            }
            // pages of subjects no longer in the outputs would link to nothing
            let keep = Set(pages.map { ($0.0 as NSString).lastPathComponent })
            let folder = "\(root)/report"
            for old in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where old.hasSuffix(".html") && !keep.contains(old) {
                try? FileManager.default.removeItem(atPath: "\(folder)/\(old)")
            }
        } catch {
            throw ReportError("\(root): cannot write the report: \(error)")
        }
        return Written(pages: pages.map(\.0), bytes: pages.reduce(0) { $0 + $1.1.utf8.count })
    }

    static func holds(_ page: String) -> String {
        page == "report.html" ? "the group page of the HTML report (status, group results, configuration and provenance)"
            : "the HTML report page of \(((page as NSString).lastPathComponent as NSString).deletingPathExtension)"
    }

    /// The report's provenance (written to `report.json` with every page and its SHA-256): the
    /// pipeline config from `dataset_description.json`, where the step status came from, and as
    /// inputs the run's sidecars (each names its output's SHA-256, so large outputs are not
    /// hashed again) and `dataset_description.json`.
    static func provenance(root: String, outputs: RunOutputs) throws -> ProvenanceRecord {
        var details: [String: ProvenanceValue] = ["StepStatusFrom": .string(outputs.stepsSource)]
        if let c = outputs.datasetDescription["PipelineConfig"] as? [String: Any] {
            var o: [String: ProvenanceValue] = [:]
            for k in ["path", "sha256"] { if let v = c[k] as? String { o[k] = .string(v) } }
            details["PipelineConfig"] = .object(o)
        }
        var record = ProvenanceRecord(command: "neurorep report", parameters: [:], details: details)
        var inputs = Set(outputs.files.compactMap(\.sidecar))
        if FileManager.default.fileExists(atPath: "\(root)/dataset_description.json") { inputs.insert("dataset_description.json") }
        for p in inputs.sorted() { record.inputs.append((p, try SHA256.hexDigest(ofFile: "\(root)/\(p)"))) }
        return record
    }
}

/// An exclusive lock on `.neurorep/report.lock` of a pipeline output folder (none for a folder
/// without `.neurorep/`), held while one process reads the run and writes its report.
struct ReportLock {
    private let fd: Int32

    init(root: String) throws {
        guard FileManager.default.fileExists(atPath: "\(root)/.neurorep") else { fd = -1; return }
        fd = open("\(root)/.neurorep/report.lock", O_CREAT | O_RDWR, 0o644)
        guard fd >= 0 else { throw ReportError("\(root)/.neurorep/report.lock: cannot open (\(String(cString: strerror(errno))))") }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else {
                let reason = String(cString: strerror(errno))
                close(fd)
                throw ReportError("\(root)/.neurorep/report.lock: cannot lock (\(reason))")
            }
        }
    }

    func release() { if fd >= 0 { close(fd) } }
}
