import Foundation
import XCTest
@testable import Pipeline
import Provenance

/// `neurorep status`: each planned unit is done (recorded done, outputs on disk), failed
/// (recorded failed, first line of its error shown) or pending (not recorded, recorded for an
/// older key, or recorded done with an output gone).
final class RunStatusTests: XCTestCase {
    func testDoneFailedAndPendingUnits() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("status-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let ledger = try RunLedger(outputRoot: root)
        try FileManager.default.createDirectory(atPath: "\(root)/sub-01", withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: "\(root)/sub-01/a.tsv"))
        let unit = { (subject: String, step: String, key: String) in WorkUnit(subject: subject, step: step, key: key) { [] } }
        let units = [unit("02", "timeseries", "k3"), unit("01", "timeseries", "k1"), unit("01", "graph", "k2"),
                     unit("group", "tangent", "k4"), unit("02", "graph", "k5"), unit("03", "timeseries", "k6")]
        try ledger.recordDone(key: "k1", subject: "01", step: "timeseries", outputs: ["sub-01/a.tsv"], seconds: 1, toolVersion: "t")
        try ledger.recordDone(key: "k2", subject: "01", step: "graph", outputs: ["sub-01/gone.tsv"], seconds: 1, toolVersion: "t")
        try ledger.recordFailure(key: "k3", subject: "02", step: "timeseries", error: "bold.nii.gz: gzip stream cut short\nmore detail",
                                 seconds: 1, toolVersion: "t")
        try ledger.recordFailure(key: "k5", subject: "02", step: "graph", error: "not run: an input step failed (k3)", seconds: 0, toolVersion: "t")
        try ledger.recordDone(key: "old-k6", subject: "03", step: "timeseries", outputs: [], seconds: 1, toolVersion: "t")

        let s = try RunStatus(units: units, ledger: ledger)
        XCTAssertEqual(s.rows.map { "\($0.subject) \($0.step) \($0.state.rawValue)" },
                       ["01 graph pending", "01 timeseries done", "02 graph failed", "02 timeseries failed", "03 timeseries pending", "group tangent pending"])
        XCTAssertEqual(s.rows[3].error, "bold.nii.gz: gzip stream cut short")
        // the first error is the cause (02's time series), not the graph step it kept from running
        XCTAssertEqual(s.firstFailure?.step, "timeseries")
        XCTAssertEqual(s.firstFailure?.error, "bold.nii.gz: gzip stream cut short")
        XCTAssertEqual([s.count(.done), s.count(.failed), s.count(.pending)], [1, 2, 3])
        let lines = s.text.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "subject  step        state    error")
        XCTAssertEqual(lines[4], "02       timeseries  failed   bold.nii.gz: gzip stream cut short")
        XCTAssertEqual(lines[2], "01       timeseries  done")
        XCTAssertEqual(lines.suffix(2), ["6 steps: 1 done, 2 failed, 0 running, 3 pending", "first error: 02 / timeseries: bold.nii.gz: gzip stream cut short"])
        // reading the status recorded nothing
        XCTAssertEqual(try ledger.entries().count, 5)
    }

    /// A unit another live process has claimed is running (also when an earlier attempt failed);
    /// one claimed by a process that is gone is pending. The report reads the same states
    /// through a read-only ledger.
    func testRunningUnitsAndTheReadOnlyLedger() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("status-running-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let ledger = try RunLedger(outputRoot: root)
        let unit = { (subject: String, step: String, key: String) in WorkUnit(subject: subject, step: step, key: key) { [] } }
        let units = [unit("01", "timeseries", "k1"), unit("02", "timeseries", "k2"), unit("03", "timeseries", "k3")]
        let host = StagingOwner.current.host
        // pid 1 (init) is alive on every host; a pid past pid_max is gone
        XCTAssertEqual(try ledger.claim(key: "k1", owner: StagingOwner(pid: 1, host: host)), .claimed)
        try ledger.recordFailure(key: "k2", subject: "02", step: "timeseries", error: "first attempt failed", seconds: 0, toolVersion: "t")
        XCTAssertEqual(try ledger.claim(key: "k2", owner: StagingOwner(pid: 1, host: host)), .claimed)
        XCTAssertEqual(try ledger.claim(key: "k3", owner: StagingOwner(pid: 2_000_000_000, host: host)), .claimed)
        try ledger.recordPlan(units.map { ($0.key, $0.subject, $0.step) })
        let s = try RunStatus(units: units, ledger: ledger)
        XCTAssertEqual(s.rows.map(\.state), [.running, .running, .pending])
        XCTAssertNil(s.firstFailure)
        XCTAssertEqual(s.text.split(separator: "\n").last.map(String.init), "3 steps: 0 done, 0 failed, 2 running, 1 pending")
        let readOnly = try RunLedger.existing(outputRoot: root, readOnly: true)
        XCTAssertEqual(try readOnly.unitStates().map(\.state), [.running, .running, .pending])
        XCTAssertThrowsError(try readOnly.recordPlan([("k4", "04", "timeseries")]))
        XCTAssertThrowsError(try RunLedger.existing(outputRoot: root + "-none", readOnly: true))
    }
}
