import Foundation
@testable import Recurrence
import XCTest

/// Issue 12, finding 11: an embedding dimension or delay near Int.max made
/// `(dimension - 1) * delay` overflow (a trap); the library's validation refuses it in words.
final class OverflowingEmbeddingTests: XCTestCase {
    let series: [[Double]] = [[1, 3, 2, 4, 5], [2, 1, 5, 4, 2]]

    func assertOverflowRefused(dimension: Int, delay: Int, line: UInt = #line) {
        let settings = RecurrenceSettings(dimension: dimension, delay: delay, threshold: .radius(1))
        XCTAssertThrowsError(try RecurrenceAnalysis.run(series: series, settings: settings), line: line) { e in
            XCTAssertTrue("\(e)".contains("overflows"), "\(e)", line: line)
        }
        XCTAssertThrowsError(try Embedding(series: series[0], dimension: dimension, delay: delay), line: line) { e in
            XCTAssertTrue("\(e)".contains("too few"), "\(e)", line: line)
        }
    }

    func testHugeDimensionIsAnError() { assertOverflowRefused(dimension: 4_611_686_018_427_387_904, delay: 4) }
    func testHugeDelayIsAnError() { assertOverflowRefused(dimension: 2, delay: Int.max) }
    func testSpanOfExactlyIntMaxMinusTwoStillOverflowsThePlusTwo() {
        assertOverflowRefused(dimension: 2, delay: Int.max - 1)
    }

    func testMinimumLength() {
        XCTAssertEqual(RecurrenceSettings.minimumLength(dimension: 3, delay: 2), 6)
        XCTAssertEqual(RecurrenceSettings.minimumLength(dimension: 1, delay: Int.max), 2)
        XCTAssertNil(RecurrenceSettings.minimumLength(dimension: 3, delay: Int.max / 2 + 1))
    }

    func testTooShortMessageDoesNotOverflow() {
        let e = RecurrenceError.seriesTooShort(series: "a", length: 5, dimension: 3, delay: Int.max)
        XCTAssertTrue(e.description.contains("more than 2^63"), e.description)
    }
}
