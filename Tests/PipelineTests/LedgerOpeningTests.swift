import Foundation
@testable import Pipeline
import XCTest

/// Several processes opening one new ledger at once (two `neurorep run`s started together on a
/// new output folder, or Slurm array tasks): the one that lost the race to switch the new
/// database to WAL failed at once with "database is locked" (the busy handler is not called for
/// that lock). Opening now retries while busy; here many connections race on fresh folders.
final class LedgerOpeningTests: XCTestCase {
    func testConcurrentOpeningsOfANewLedgerAllSucceed() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-race-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: base) }
        let failures = NSLock()
        var errors: [String] = []
        for round in 0..<25 {
            let root = "\(base)/\(round)"
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
            DispatchQueue.concurrentPerform(iterations: 6) { _ in
                do {
                    let ledger = try RunLedger(outputRoot: root)
                    _ = try ledger.entry("nothing")
                } catch {
                    failures.lock(); errors.append("round \(round): \(error)"); failures.unlock()
                }
            }
        }
        XCTAssertEqual(errors, [], "every concurrent opening of a new ledger succeeds")
    }
}
