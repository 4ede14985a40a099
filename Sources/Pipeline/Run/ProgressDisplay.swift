import Foundation

/// Live progress of a run on stderr: on a terminal one status line redrawn in place (units done
/// of total, subjects finished, failures, elapsed and estimated remaining time, what is running);
/// otherwise one line per finished unit, so logs stay readable.
public final class ProgressDisplay: @unchecked Sendable {
    private let lock = NSLock()
    private let interactive: Bool
    private let output: FileHandle
    private var total = 0, done = 0, failed = 0, subjects = 0
    private var running: [String: String] = [:]
    private var start = Date()

    public init(output: FileHandle = .standardError, interactive: Bool? = nil) {
        self.output = output
        self.interactive = interactive ?? (isatty(output.fileDescriptor) != 0)
    }

    func start(total: Int, subjects: Int) {
        lock.withLock { self.total = total; self.subjects = subjects; start = Date() }
    }

    func started(subject: String, step: String) {
        lock.withLock {
            running[subject] = step
            if interactive { draw() }
        }
    }

    /// A unit another process is running (a Slurm task, a second `neurorep run`): this run waits for it.
    func waiting(subject: String, step: String, owner: String) {
        lock.withLock {
            running[subject] = "\(step) (waiting for \(owner))"
            if interactive { draw() } else {
                output.write(Data("\(label(subject)) \(step): waiting for \(owner), which is running it\n".utf8))
            }
        }
    }

    func finished(_ o: Runner.Outcome) {
        lock.withLock {
            done += 1
            if o.state == .failed || o.state == .blocked { failed += 1 }
            running[o.subject] = nil
            if interactive { draw() } else if o.state != .skipped {
                let line = "[\(done)/\(total)] \(label(o.subject)) \(o.step): \(o.state.rawValue)"
                    + String(format: " (%.1f s)", o.seconds) + (o.error.map { " — \($0)" } ?? "") + "\n"
                output.write(Data(line.utf8))
            }
        }
    }

    func finish() {
        lock.withLock { if interactive { output.write(Data("\n".utf8)) } }
    }

    private func label(_ s: String) -> String { s == WorkUnit.group || s == WorkUnit.networks ? s : "sub-\(s)" }

    private func draw() {
        let elapsed = Date().timeIntervalSince(start)
        let remaining = done > 0 ? elapsed / Double(done) * Double(total - done) : 0
        let bar = String(repeating: "#", count: total > 0 ? 20 * done / total : 0)
        let now = running.sorted { $0.key < $1.key }.prefix(3).map { "\(label($0.key)) \($0.value)" }.joined(separator: ", ")
        let line = String(format: "\r\u{1B}[K[%-20@] %d/%d steps, %d subjects, %d failed, %@ elapsed, ~%@ left  %@",
                          bar, done, total, subjects, failed, Self.clock(elapsed), Self.clock(remaining), now)
        output.write(Data(line.utf8))
    }

    static func clock(_ s: Double) -> String {
        let t = Int(s.rounded())
        return String(format: "%d:%02d", t / 60, t % 60)
    }
}

/// The table printed at the end of a run: one row per subject (and phase) with the count of
/// steps run, skipped and failed, the time spent, and the first error.
public enum RunSummary {
    public static func table(_ outcomes: [Runner.Outcome]) -> String {
        let subjects = Array(Set(outcomes.map(\.subject))).sorted { order($0) < order($1) }
        var rows = [["subject", "ran", "skipped", "failed", "seconds", "first error"]]
        for s in subjects {
            let o = outcomes.filter { $0.subject == s }
            // the root cause (a failed step) before the steps it blocked
            let root = o.first { $0.state == .failed } ?? o.first { $0.error != nil }
            let err = root.map { "\($0.step): \($0.error!)" } ?? ""
            rows.append([s == WorkUnit.group || s == WorkUnit.networks ? s : "sub-\(s)",
                         "\(o.filter { $0.state == .ran }.count)", "\(o.filter { $0.state == .skipped }.count)",
                         "\(o.filter { $0.state == .failed || $0.state == .blocked }.count)",
                         String(format: "%.1f", o.map(\.seconds).reduce(0, +)), String(err.prefix(160))])
        }
        let widths = (0..<6).map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { r in zip(r, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ") }
            .joined(separator: "\n")
    }

    static func order(_ s: String) -> String { s == WorkUnit.networks ? "0" : (s == WorkUnit.group ? "2" : "1" + s) }
}
