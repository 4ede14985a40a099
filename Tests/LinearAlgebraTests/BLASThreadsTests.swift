import Dispatch
import Foundation
@testable import LinearAlgebra
import XCTest

/// NeuroRep's BLAS threading policy (issue 12, finding 13): OpenBLAS on one thread, NeuroRep's
/// own parallel loops on every core.
final class BLASThreadsTests: XCTestCase {
    func testOpenBLASRunsOneThreadEverywhere() {
        BLASThreads.configure()
        XCTAssertEqual(BLASThreads.current, 1)
        var seen = [Int](repeating: 0, count: 16)
        seen.withUnsafeMutableBufferPointer { out in
            BLASThreads.concurrentPerform(iterations: 16) { i in out[i] = BLASThreads.current }
        }
        XCTAssertEqual(seen, [Int](repeating: 1, count: 16))
        XCTAssertEqual(BLASThreads.current, 1)
    }

    /// The same product on the main thread and inside a parallel loop: bit for bit (a count that
    /// depended on the context would change the last bits, see BLASThreads).
    func testProductIsTheSameInAndOutOfParallelLoops() {
        var g = SeededGenerator(seed: 7)
        let a = Matrix(rows: 300, columns: 200, elements: (0..<60_000).map { _ in Double.random(in: -1...1, using: &g) })
        let b = Matrix(rows: 200, columns: 250, elements: (0..<50_000).map { _ in Double.random(in: -1...1, using: &g) })
        BLASThreads.configure()
        let alone = a * b
        var inLoop = [Matrix<Double>?](repeating: nil, count: 4)
        let lock = NSLock()
        BLASThreads.concurrentPerform(iterations: 4) { k in
            let p = a * b
            lock.lock(); inLoop[k] = p; lock.unlock()
        }
        for p in inLoop { XCTAssertTrue(p?.elements == alone.elements) }
    }
}
