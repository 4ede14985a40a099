import AtomicFiles
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
        let folder = "\(root)/report"
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            // pages of subjects no longer in the outputs would link to nothing
            let keep = Set(pages.map { ($0.0 as NSString).lastPathComponent })
            for old in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where old.hasSuffix(".html") && !keep.contains(old) {
                try? FileManager.default.removeItem(atPath: "\(folder)/\(old)")
            }
            for (rel, text) in pages { try AtomicFile.write(text, to: "\(root)/\(rel)") }
            try sidecar(root: root, outputs: outputs, pages: pages.map(\.0))
        } catch {
            throw ReportError("\(root): cannot write the report: \(error)")
        }
        return Written(pages: pages.map(\.0), bytes: pages.reduce(0) { $0 + $1.1.utf8.count })
    }

    /// `report.json`: the tool, every page with its SHA-256, and as inputs the run's sidecars
    /// (each names its output's SHA-256, so large outputs are not hashed again) and
    /// `dataset_description.json`.
    static func sidecar(root: String, outputs: RunOutputs, pages: [String]) throws {
        var record = ProvenanceRecord(command: "neurorep report", parameters: [:],
                                      details: ["Pages": .array(try pages.map { .object(["path": .string($0), "sha256": .string(try SHA256.hexDigest(ofFile: "\(root)/\($0)"))]) }),
                                                "StepStatusFrom": .string(outputs.stepsSource)])
        var inputs = Set(outputs.files.compactMap(\.sidecar))
        if FileManager.default.fileExists(atPath: "\(root)/dataset_description.json") { inputs.insert("dataset_description.json") }
        for p in inputs.sorted() { record.inputs.append((p, try SHA256.hexDigest(ofFile: "\(root)/\(p)"))) }
        try AtomicFile.write(record.value.jsonText() + "\n", to: "\(root)/report.json")
    }
}
