import Foundation
import XCTest
@testable import Pipeline

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
        XCTAssertEqual(lines.suffix(2), ["6 steps: 1 done, 2 failed, 3 pending", "first error: 02 / timeseries: bold.nii.gz: gzip stream cut short"])
        // reading the status recorded nothing
        XCTAssertEqual(try ledger.entries().count, 5)
    }
}
