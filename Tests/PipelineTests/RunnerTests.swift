import Foundation
import XCTest
@testable import Pipeline
import Provenance

/// The ledger and runner with synthetic work units: skipping done work, redoing changed work,
/// a failing subject not stopping the others, blocked dependents.
final class RunnerTests: XCTestCase {
    var root: String!
    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("run-\(UUID())").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }
    override func tearDown() { try? FileManager.default.removeItem(atPath: root) }

    /// Units writing one file each; `calls` counts executions per step name.
    final class Counter: @unchecked Sendable {
        let lock = NSLock()
        var calls: [String: Int] = [:]
        func hit(_ s: String) { lock.withLock { calls[s, default: 0] += 1 } }
    }

    func units(_ counter: Counter, parameter: String = "p1", failing: String? = nil) -> [WorkUnit] {
        var out: [WorkUnit] = []
        let netKey = WorkUnit.key(step: "layers", scope: "networks", parameters: .string("n"), inputChecksums: [], upstream: [])
        out.append(WorkUnit(subject: WorkUnit.networks, step: "layers", key: netKey) { [root] in
            counter.hit("layers"); try "n".write(toFile: "\(root!)/layers.txt", atomically: true, encoding: .utf8); return ["layers.txt"]
        })
        var subjectLast: [String] = []
        for s in ["01", "02", "03"] {
            let k1 = WorkUnit.key(step: "a", scope: s, parameters: .string("a"), inputChecksums: [s], upstream: [])
            let k2 = WorkUnit.key(step: "b", scope: s, parameters: .string(parameter), inputChecksums: [], upstream: [k1, netKey])
            out.append(WorkUnit(subject: s, step: "a", key: k1) { [root] in
                counter.hit("a\(s)")
                if failing == s { throw CocoaError(.fileReadCorruptFile) }
                try "a".write(toFile: "\(root!)/a\(s).txt", atomically: true, encoding: .utf8); return ["a\(s).txt"]
            })
            out.append(WorkUnit(subject: s, step: "b", key: k2, dependencies: [k1, netKey]) { [root] in
                counter.hit("b\(s)"); try parameter.write(toFile: "\(root!)/b\(s).txt", atomically: true, encoding: .utf8); return ["b\(s).txt"]
            })
            subjectLast.append(k2)
        }
        let gk = WorkUnit.key(step: "group", scope: "group", parameters: .null, inputChecksums: [], upstream: subjectLast)
        out.append(WorkUnit(subject: WorkUnit.group, step: "group", key: gk, dependencies: subjectLast) {
            counter.hit("group"); return []
        })
        return out
    }

    func testRerunSkipsDoneWorkAndChangedParametersRedoOnlyDependents() throws {
        let c = Counter()
        let ledger = try RunLedger(outputRoot: root)
        let first = Runner(ledger: ledger, jobs: 2).run(units(c))
        XCTAssertEqual(first.filter { $0.state == .ran }.count, 8)
        let second = Runner(ledger: ledger, jobs: 2).run(units(c))
        XCTAssertEqual(second.filter { $0.state == .skipped }.count, 8)
        XCTAssertEqual(c.calls["a01"], 1)
        // change the parameter of step b: b and group redo, a and layers do not
        _ = Runner(ledger: ledger, jobs: 2).run(units(c, parameter: "p2"))
        XCTAssertEqual(c.calls["a01"], 1)
        XCTAssertEqual(c.calls["layers"], 1)
        XCTAssertEqual(c.calls["b02"], 2)
        XCTAssertEqual(c.calls["group"], 2)
        // a deleted output makes its unit run again
        try FileManager.default.removeItem(atPath: "\(root!)/a03.txt")
        _ = Runner(ledger: ledger, jobs: 1).run(units(c, parameter: "p2"))
        XCTAssertEqual(c.calls["a03"], 2)
        XCTAssertEqual(c.calls["a01"], 1)
        // --force redoes everything
        _ = Runner(ledger: ledger, jobs: 1, force: true).run(units(c, parameter: "p2"))
        XCTAssertEqual(c.calls["a01"], 2)
    }

    func testAFailingSubjectIsRecordedAndTheOthersGoOn() throws {
        let c = Counter()
        let ledger = try RunLedger(outputRoot: root)
        let out = Runner(ledger: ledger, jobs: 3).run(units(c, failing: "02"))
        let states = Dictionary(uniqueKeysWithValues: out.map { ("\($0.subject)/\($0.step)", $0.state) })
        XCTAssertEqual(states["02/a"], .failed)
        XCTAssertEqual(states["02/b"], .blocked)
        XCTAssertEqual(states["01/b"], .ran)
        XCTAssertEqual(states["03/b"], .ran)
        XCTAssertEqual(states["group/group"], .blocked, "the group stage needs every subject")
        let recorded = try ledger.entries().first { $0.subject == "02" && $0.step == "a" }
        XCTAssertEqual(recorded?.status, .failed)
        XCTAssertTrue(recorded?.error?.contains("correct format") ?? false, "\(String(describing: recorded?.error))")
        XCTAssertTrue(RunSummary.table(out).contains("sub-02"))
        // what `neurorep status` reads: per subject and step, done / failed with the first error
        let unitStates = try ledger.unitStates()
        XCTAssertEqual(unitStates.count, 8)
        XCTAssertEqual(unitStates.first { $0.subject == "02" && $0.step == "a" }?.state, .failed)
        XCTAssertTrue(unitStates.first { $0.subject == "02" && $0.step == "a" }?.error?.contains("correct format") ?? false)
        XCTAssertEqual(unitStates.first { $0.subject == "02" && $0.step == "b" }?.state, .failed)
        XCTAssertEqual(unitStates.filter { $0.state == .done }.count, 5)
        XCTAssertThrowsError(try RunLedger.existing(outputRoot: root + "/nowhere"))
        // the fixed subject completes on rerun; the others are skipped
        let rerun = Runner(ledger: ledger, jobs: 3).run(units(c))
        XCTAssertEqual(rerun.filter { $0.state == .ran }.map { "\($0.subject)/\($0.step)" }.sorted(), ["02/a", "02/b", "group/group"])
    }

    /// Claims: one process holds a unit; a claim of a process that is gone is taken over.
    func testClaimsAreExclusiveAndTakenOverFromGoneProcesses() throws {
        let ledger = try RunLedger(outputRoot: root)
        XCTAssertEqual(try ledger.claim(key: "k"), .claimed)
        XCTAssertEqual(try ledger.claim(key: "k"), .claimed, "the owner may claim again")
        XCTAssertFalse(try ledger.isClaimedElsewhere("k"))
        try ledger.recordDone(key: "k", subject: "01", step: "a", outputs: [], seconds: 0, toolVersion: "t")
        XCTAssertEqual(try ledger.claim(key: "k"), .done)
        XCTAssertEqual(try ledger.claim(key: "k", force: true), .claimed)
        // a claim left by an exited process (our own child) is stale
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["true"]
        try p.run(); p.waitUntilExit()
        let gone = StagingOwner(pid: p.processIdentifier, host: StagingOwner.current.host)
        XCTAssertTrue(gone.isGone)
        XCTAssertEqual(try ledger.claim(key: "x", owner: gone), .claimed)
        XCTAssertFalse(try ledger.isClaimedElsewhere("x"), "the claim of a gone process does not count")
        XCTAssertEqual(try ledger.claim(key: "x"), .claimed, "taken over")
        // a live other process (pid 1 of this host) holds its claim
        let live = StagingOwner(pid: 1, host: StagingOwner.current.host)
        XCTAssertEqual(try ledger.claim(key: "y", owner: live), .claimed)
        XCTAssertTrue(try ledger.isClaimedElsewhere("y"))
        if case .busy = try ledger.claim(key: "y") {} else { XCTFail("a live owner's claim must make others wait") }
    }

    /// `--group-only` before the subjects ran: the group unit is blocked with a clear error
    /// (nothing read from missing files); once the subjects are done it runs.
    func testAGroupUnitWhoseSubjectsWereNotRunIsBlocked() throws {
        let c = Counter()
        let ledger = try RunLedger(outputRoot: root)
        let all = units(c)
        let group = all.filter { $0.subject == WorkUnit.group }
        let out = Runner(ledger: ledger, jobs: 1).run(group)
        XCTAssertEqual(out.first?.state, .blocked)
        XCTAssertTrue(out.first?.error?.contains("neither done nor running") ?? false, "\(String(describing: out.first?.error))")
        XCTAssertNil(c.calls["group"])
        _ = Runner(ledger: ledger, jobs: 2).run(all.filter { $0.subject != WorkUnit.group })
        XCTAssertEqual(Runner(ledger: ledger, jobs: 1).run(group).first?.state, .ran)
    }

    func testShardsCoverEverySubjectExactlyOnce() throws {
        let subjects = (1...23).map { String(format: "%02d", $0) }.shuffled()
        for n in 1...7 {
            var seen: [String] = []
            for i in 1...n {
                let part = try Shard(index: i, count: n).select(subjects)
                XCTAssertLessThanOrEqual(abs(part.count - subjects.count / n), 1)
                seen += part
            }
            XCTAssertEqual(seen.sorted(), subjects.sorted(), "n = \(n)")
        }
        XCTAssertEqual(try Shard(parsing: "2/3").select(["c", "a", "b", "d"]), ["b"])
        XCTAssertThrowsError(try Shard(parsing: "4/3"))
        XCTAssertThrowsError(try Shard(parsing: "x"))
    }
}
