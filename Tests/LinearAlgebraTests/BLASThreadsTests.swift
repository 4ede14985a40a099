import Dispatch
import Foundation
@testable import LinearAlgebra
import XCTest

/// NeuroRep's BLAS threading policy (issue 12, finding 13): all cores outside parallel loops,
/// one OpenBLAS thread inside them, nested and concurrent regions included.
final class BLASThreadsTests: XCTestCase {
    func testOneThreadInsideRegionsAllCoresOutside() {
        BLASThreads.configure()
        XCTAssertEqual(BLASThreads.current, BLASThreads.cores)
        BLASThreads.parallelRegion {
            XCTAssertEqual(BLASThreads.current, 1)
            XCTAssertTrue(BLASThreads.inParallelRegion)
            BLASThreads.parallelRegion { XCTAssertEqual(BLASThreads.current, 1) }
            XCTAssertEqual(BLASThreads.current, 1, "a nested region's exit keeps the outer region's setting")
        }
        XCTAssertFalse(BLASThreads.inParallelRegion)
        XCTAssertEqual(BLASThreads.current, BLASThreads.cores)
    }

    func testEveryIterationOfAParallelLoopSeesOneThread() {
        var seen = [Int](repeating: 0, count: 16)
        seen.withUnsafeMutableBufferPointer { out in
            BLASThreads.concurrentPerform(iterations: 16) { i in
                // concurrent nested regions (pairs inside subjects) keep one thread too
                out[i] = BLASThreads.parallelRegion { BLASThreads.current }
            }
        }
        XCTAssertEqual(seen, [Int](repeating: 1, count: 16))
        XCTAssertEqual(BLASThreads.current, BLASThreads.cores)
    }

    func testRegionIsLeftWhenTheBodyThrows() {
        struct Failure: Error {}
        XCTAssertThrowsError(try BLASThreads.parallelRegion { throw Failure() })
        XCTAssertFalse(BLASThreads.inParallelRegion)
        XCTAssertEqual(BLASThreads.current, BLASThreads.cores)
    }

    /// A product with one thread agrees with the all-cores product to rounding (OpenBLAS may
    /// block it differently, so not always bit for bit: which is why NeuroRep, not the
    /// environment, decides the count).
    func testProductAgreesWithOneOrAllThreads() {
        var g = SeededGenerator(seed: 7)
        let a = Matrix(rows: 300, columns: 200, elements: (0..<60_000).map { _ in Double.random(in: -1...1, using: &g) })
        let b = Matrix(rows: 200, columns: 250, elements: (0..<50_000).map { _ in Double.random(in: -1...1, using: &g) })
        let all = a * b
        let one = BLASThreads.parallelRegion { a * b }
        let worst = zip(all.elements, one.elements).map { abs($0 - $1) }.max() ?? 0
        XCTAssertLessThan(worst, 1e-12)
    }
}
