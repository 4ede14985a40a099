import Foundation
import XCTest

/// `neurorep report OUTPUT` as a command: a missing folder is an error naming it, with no
/// report written; an existing run's folder gets its pages.
final class ReportCommandTests: XCTestCase {
    func testAMissingFolderIsAnErrorNamingIt() throws {
        let missing = CLI.temporaryDirectory("no-run")
        let r = try CLI.run(["report", missing])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.err.contains(missing) && r.err.contains("no such output folder"), r.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: missing))
    }

    func testRunThenReportRewritesTheSamePages() throws {
        let out = CLI.temporaryDirectory("report-cmd")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let run = try CLI.run(["run", CLI.repo + "/Pipelines/recurrence.yaml", "--out", out])
        XCTAssertEqual(run.status, 0, run.err + run.out)
        let before = CLI.files(under: out).filter { $0.key.hasPrefix("report") }
        XCTAssertNotNil(before["report.html"])
        XCTAssertNotNil(before["report/sub-01.html"])
        let r = try CLI.run(["report", out])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.out.contains("report.html"), r.out)
        XCTAssertEqual(CLI.files(under: out).filter { $0.key.hasPrefix("report") }, before)
    }
}
