import Foundation
import XCTest

/// Issue 12, finding 13: NeuroRep owns its BLAS thread count (LinearAlgebra/BLASThreads), so a
/// user's OPENBLAS_NUM_THREADS changes neither the numbers nor the bytes of an output.
final class BLASEnvironmentTests: XCTestCase {
    func testOutputsDoNotDependOnOpenBLASNumThreads() throws {
        var outputs: [Data] = []
        for threads in [nil, "1", "2", "7"] as [String?] {
            let dir = CLI.temporaryDirectory("blas-env")
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let r = try CLI.run(["shape", "--inputs", ShapeCommandTests.fixture("det_X.npy"), ShapeCommandTests.fixture("det_Y.npy"),
                                 ShapeCommandTests.fixture("det_X_test.npy"), "--metric", "linear", "--alpha", "0.5", "--out", dir + "/D.npy"],
                                environment: ["OPENBLAS_NUM_THREADS": threads, "OMP_NUM_THREADS": threads])
            XCTAssertEqual(r.status, 0, r.err)
            outputs.append(try Data(contentsOf: URL(fileURLWithPath: dir + "/D.npy")))
        }
        XCTAssertEqual(Set(outputs).count, 1, "the distance matrix differs between OPENBLAS_NUM_THREADS settings")
    }
}
