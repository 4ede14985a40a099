import Foundation

/// `neurorep status OUTPUT`: where a run stands, per subject and step, read from the ledger for
/// the units the config plans now. A unit is *done* when the ledger records its current key as
/// done and its outputs are on disk, *failed* when the ledger records that key as failed (a step
/// skipped because an input step failed counts as failed, with that reason), and *pending*
/// otherwise: not run yet, running, or run with other inputs or parameters than the config's now.
public struct RunStatus: Sendable {
    public enum State: String, Sendable { case done, failed, pending }

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
        rows = try units.map { u in
            if try ledger.isDone(u.key) { return Row(subject: u.subject, step: u.step, state: .done, error: nil) }
            if let e = try ledger.entry(u.key), e.status == .failed {
                let first = (e.error ?? "").split(whereSeparator: \.isNewline).first.map(String.init) ?? "unknown error"
                return Row(subject: u.subject, step: u.step, state: .failed, error: first)
            }
            return Row(subject: u.subject, step: u.step, state: .pending, error: nil)
        }.sorted { ($0.subject, $0.step) < ($1.subject, $1.step) }
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
        lines.append("\(rows.count) steps: \(count(.done)) done, \(count(.failed)) failed, \(count(.pending)) pending")
        if let f = firstFailure { lines.append("first error: \(f.subject) / \(f.step): \(f.error ?? "")") }
        return lines.joined(separator: "\n")
    }
}
