import Foundation

/// `neurorep status OUTPUT`: where a run stands, per subject and step, for the units the config
/// plans now. The state of each unit is `RunLedger.unitStates(of:)` (the one definition the
/// report uses too): *done* (its current key recorded done, outputs on disk), *failed* (that key
/// recorded failed; a step skipped because an input step failed counts as failed, with that
/// reason), *running* (claimed by a live process), *pending* otherwise (not run yet, or run with
/// other inputs or parameters than the config's now).
public struct RunStatus: Sendable {
    public typealias State = UnitState.State

    public struct Row: Sendable, Equatable {
        public let subject: String
        public let step: String
        public let state: State
        /// The first line of the recorded error (failed units only).
        public let error: String?
    }

    /// One row per planned unit, in subject and step order (the networks and group phases are
    /// subjects named "networks" and "group").
    public let rows: [Row]

    /// Looks every unit up in the ledger; reads only, records nothing.
    public init(units: [WorkUnit], ledger: RunLedger) throws {
        rows = try ledger.unitStates(of: units.map { ($0.key, $0.subject, $0.step) }).map { u in
            Row(subject: u.subject, step: u.step, state: u.state,
                error: u.state == .failed ? Self.firstLine(u.error) : nil)
        }
    }

    /// The first line of an error message ("unknown error" when none was recorded).
    static func firstLine(_ error: String?) -> String {
        (error ?? "").split(whereSeparator: \.isNewline).first.map(String.init) ?? "unknown error"
    }

    public func count(_ s: State) -> Int { rows.filter { $0.state == s }.count }

    /// The first failed unit in subject and step order that failed itself, rather than not
    /// running because an input step failed (the Runner records those as "not run: ..."); if
    /// every failure is of that kind, the first of them.
    public var firstFailure: Row? {
        let failed = rows.filter { $0.state == .failed }
        return failed.first { !($0.error ?? "").hasPrefix("not run:") } ?? failed.first
    }

    /// The table `neurorep status` prints, then a one-line total and the first error.
    public var text: String {
        let subjectWidth = max(7, rows.map(\.subject.count).max() ?? 0)
        let stepWidth = max(4, rows.map(\.step.count).max() ?? 0)
        func pad(_ s: String, _ w: Int) -> String { s + String(repeating: " ", count: max(0, w - s.count)) }
        var lines = [pad("subject", subjectWidth) + "  " + pad("step", stepWidth) + "  state    error"]
        for r in rows {
            lines.append(pad(r.subject, subjectWidth) + "  " + pad(r.step, stepWidth) + "  "
                         + (r.error.map { pad(r.state.rawValue, 7) + "  " + $0 } ?? r.state.rawValue))
        }
        lines.append("\(rows.count) steps: \(count(.done)) done, \(count(.failed)) failed, \(count(.running)) running, \(count(.pending)) pending")
        if let f = firstFailure { lines.append("first error: \(f.subject) / \(f.step): \(f.error ?? "")") }
        return lines.joined(separator: "\n")
    }
}
