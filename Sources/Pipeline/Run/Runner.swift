import Dispatch
import Foundation
import Provenance

/// Runs work units: the `networks` phase first, then subjects in parallel (at most `jobs` at a
/// time; each subject's units in order), then the `group` phase. Units recorded as done in the
/// ledger are skipped; a failing unit is recorded with its error, the units that depend on it
/// are skipped as failed, and every other unit and subject goes on.
///
/// Other processes may run on the same output folder: each unit is claimed in the ledger
/// before it runs, a unit another live process is running is waited for (then skipped as done,
/// or run here if that process failed), and a dependency this run does not plan (the subject
/// units, for `--group-only`) must be done — or be running elsewhere, which is waited for.
public final class Runner: @unchecked Sendable {
    public struct Outcome: Sendable, Equatable {
        public enum State: String, Sendable { case ran, skipped, failed, blocked }
        public let subject: String
        public let step: String
        public let state: State
        public let seconds: Double
        public let error: String?
    }

    public let ledger: RunLedger
    public let jobs: Int
    public let force: Bool
    public let progress: ProgressDisplay?
    /// Testing interrupted runs: after this many units have been committed by this process, it
    /// exits in the middle of committing the next one (`NEUROREP_TEST_ABORT_AFTER_UNITS`).
    public var abortAfterUnits: Int?
    private let lock = NSLock()
    private var outcomes: [Outcome] = []
    private var committed = 0

    public init(ledger: RunLedger, jobs: Int, force: Bool = false, progress: ProgressDisplay? = nil) {
        self.ledger = ledger
        self.jobs = max(1, jobs)
        self.force = force
        self.progress = progress
    }

    /// Runs all units and returns one outcome per unit, in phase, subject and step order.
    public func run(_ units: [WorkUnit]) -> [Outcome] {
        try? ledger.recordPlan(units.map { ($0.key, $0.subject, $0.step) })
        if let k = abortAfterUnits {
            OutputUnit.midCommitHook = { [self] in if lock.withLock({ committed }) >= k { _exit(86) } }
        }
        let heartbeat = Heartbeat(ledger: ledger)
        defer { heartbeat.stop() }
        planned = Set(units.map(\.key))
        let phases = [units.filter { $0.subject == WorkUnit.networks },
                      units.filter { $0.subject != WorkUnit.networks && $0.subject != WorkUnit.group },
                      units.filter { $0.subject == WorkUnit.group }]
        progress?.start(total: units.count, subjects: Set(phases[1].map(\.subject)).count)
        var failedKeys = Set<String>()
        for (p, phase) in phases.enumerated() {
            let bySubject = Dictionary(grouping: phase, by: \.subject)
            let subjects = bySubject.keys.sorted()
            let inherited = failedKeys
            let workers = p == 1 ? jobs : 1
            let phaseFailed = LockedSet()
            let sem = DispatchSemaphore(value: workers)
            let groupDone = DispatchGroup()
            for s in subjects {
                sem.wait()
                groupDone.enter()
                DispatchQueue.global().async {
                    phaseFailed.insert(self.runSubject(bySubject[s]!, failedUpstream: inherited))
                    sem.signal()
                    groupDone.leave()
                }
            }
            groupDone.wait()
            failedKeys.formUnion(phaseFailed.values)
        }
        progress?.finish()
        return lock.withLock { outcomes }.sorted { ($0.subject, $0.step) < ($1.subject, $1.step) }
    }

    private var planned = Set<String>()

    /// Waits while another live process runs `key`; true when it is then done.
    private func waitForOtherProcess(_ key: String) -> Bool {
        while (try? ledger.isClaimedElsewhere(key)) == true { Thread.sleep(forTimeInterval: 0.1) }
        return (try? ledger.isDone(key)) == true
    }

    /// Runs one subject's units in order; returns the keys that failed or were blocked.
    private func runSubject(_ units: [WorkUnit], failedUpstream: Set<String>) -> Set<String> {
        var failed = failedUpstream
        for u in units {
            let start = Date()
            var why: String?
            if let bad = u.dependencies.first(where: failed.contains) {
                why = "not run: an input step failed (\(bad.prefix(12)))"
            } else if let missing = u.dependencies.first(where: { !planned.contains($0) && !waitForOtherProcess($0) }) {
                why = "not run: an input step (\(missing.prefix(12))) is neither done nor running; run the subjects first (e.g. without --group-only)"
            }
            if let why {
                failed.insert(u.key)
                try? ledger.recordFailure(key: u.key, subject: u.subject, step: u.step, error: why, seconds: 0, toolVersion: ToolVersion.version)
                note(Outcome(subject: u.subject, step: u.step, state: .blocked, seconds: 0, error: why))
                continue
            }
            var claim = (try? ledger.claim(key: u.key, force: force)) ?? .claimed
            if case .busy(let owner) = claim { progress?.waiting(subject: u.subject, step: u.step, owner: owner) }
            while case .busy = claim {
                Thread.sleep(forTimeInterval: 0.1)
                // once the other process is done, a forced run does not redo its work again
                claim = (try? ledger.claim(key: u.key, force: false)) ?? .claimed
            }
            if claim == .done {
                note(Outcome(subject: u.subject, step: u.step, state: .skipped, seconds: 0, error: nil))
                continue
            }
            progress?.started(subject: u.subject, step: u.step)
            do {
                let outputs = try u.run()
                let secs = Date().timeIntervalSince(start)
                try ledger.recordDone(key: u.key, subject: u.subject, step: u.step, outputs: outputs, seconds: secs, toolVersion: ToolVersion.version)
                lock.withLock { committed += 1 }
                note(Outcome(subject: u.subject, step: u.step, state: .ran, seconds: secs, error: nil))
            } catch {
                let secs = Date().timeIntervalSince(start)
                failed.insert(u.key)
                try? ledger.recordFailure(key: u.key, subject: u.subject, step: u.step, error: "\(error)", seconds: secs, toolVersion: ToolVersion.version)
                note(Outcome(subject: u.subject, step: u.step, state: .failed, seconds: secs, error: "\(error)"))
            }
        }
        return failed.subtracting(failedUpstream)
    }

    private func note(_ o: Outcome) {
        lock.withLock { outcomes.append(o) }
        progress?.finished(o)
    }
}

/// Refreshes this process's claims in the ledger every few seconds while a run goes on.
private final class Heartbeat: @unchecked Sendable {
    private let stopped = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    init(ledger: RunLedger) {
        Thread.detachNewThread { [stopped, finished] in
            while stopped.wait(timeout: .now() + 5) == .timedOut { try? ledger.refreshClaims() }
            finished.signal()
        }
    }

    func stop() {
        stopped.signal()
        finished.wait()
    }
}

/// A set of keys filled from several threads.
private final class LockedSet: @unchecked Sendable {
    private let lock = NSLock()
    private var set = Set<String>()
    func insert(_ keys: Set<String>) { lock.withLock { set.formUnion(keys) } }
    var values: Set<String> { lock.withLock { set } }
}
