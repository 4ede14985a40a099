/// Tables of step status: subjects x steps on the group page (with each subject's first
/// error), a subject's own steps on its page, and the networks and group phases.
enum StatusSection {
    static let phases: Set<String> = ["networks", "group"]

    static func cell(_ s: StepStatus?) -> String {
        guard let s else { return "<span>–</span>" }
        switch s.state {
        case .done: return "done"
        case .failed: return isBlocked(s) ? "not run" : "failed"
        case .running: return "running"
        case .pending: return "pending"
        case .outputsOnly: return "outputs present"
        }
    }

    /// A step the runner skipped because a step it reads from failed.
    static func isBlocked(_ s: StepStatus) -> Bool { s.state == .failed && (s.error ?? "").hasPrefix("not run") }

    static func cssClass(_ s: StepStatus?) -> String {
        guard let s else { return "missing" }
        switch s.state {
        case .done, .outputsOnly: return "done"
        case .failed: return isBlocked(s) ? "blocked" : "failed"
        case .running, .pending: return "missing"
        }
    }

    /// The error that explains a subject's failures: the first failed step that ran (a step
    /// blocked by it says "not run: ..."), else the first failure.
    static func firstError(_ steps: [StepStatus]) -> StepStatus? {
        let failed = steps.filter { $0.state == .failed }
        return failed.first { !($0.error ?? "").hasPrefix("not run") } ?? failed.first
    }

    static func groupTable(subjects: [String], steps: [StepStatus]) -> String {
        let names = Array(Set(steps.filter { !phases.contains($0.subject) }.map(\.step))).sorted()
        let bySubject = Dictionary(grouping: steps, by: \.subject)
        var s = "<table class=\"status\"><thead><tr><th>subject</th>" + names.map { "<th>\(HTML.escape($0))</th>" }.joined() + "<th>first error</th></tr></thead><tbody>\n"
        for subject in subjects {
            let mine = bySubject[subject] ?? []
            s += "<tr><td>\(HTML.link("report/" + SubjectPage.fileName(subject), "sub-" + subject))</td>"
            for n in names {
                let st = mine.first { $0.step == n }
                s += "<td class=\"\(cssClass(st))\">\(cell(st))</td>"
            }
            let e = firstError(mine)
            s += "<td class=\"error\">\(e.map { HTML.escape("\($0.step): \($0.error ?? "failed")") } ?? "")</td></tr>\n"
        }
        return s + "</tbody></table>\n"
    }

    static func subjectTable(_ steps: [StepStatus]) -> String {
        guard !steps.isEmpty else { return "<p class=\"note\">No steps recorded for this subject.</p>\n" }
        var s = "<table class=\"status\"><thead><tr><th>step</th><th>status</th><th>error</th></tr></thead><tbody>\n"
        for st in steps {
            s += "<tr><td>\(HTML.escape(st.step))</td><td class=\"\(cssClass(st))\">\(cell(st))</td><td class=\"error\">\(HTML.escape(st.error ?? ""))</td></tr>\n"
        }
        return s + "</tbody></table>\n"
    }

    static func phaseTable(_ steps: [StepStatus]) -> String {
        let rows = steps.filter { phases.contains($0.subject) }
        guard !rows.isEmpty else { return "" }
        var s = "<table class=\"status\"><thead><tr><th>phase</th><th>step</th><th>status</th><th>error</th></tr></thead><tbody>\n"
        for st in rows {
            s += "<tr><td>\(HTML.escape(st.subject))</td><td>\(HTML.escape(st.step))</td><td class=\"\(cssClass(st))\">\(cell(st))</td>"
                + "<td class=\"error\">\(HTML.escape(st.error ?? ""))</td></tr>\n"
        }
        return s + "</tbody></table>\n"
    }
}
