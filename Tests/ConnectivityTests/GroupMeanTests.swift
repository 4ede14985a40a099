import Connectivity
import LinearAlgebra
import XCTest

/// The group average of runs' matrices: element-wise mean (summed as value / count in order),
/// and an error for matrices of different shapes.
final class GroupMeanTests: XCTestCase {
    func testMeanAndShapeMismatch() throws {
        let a = Matrix<Double>(rows: 2, columns: 2, elements: [1, 0.5, 0.5, 1])
        let b = Matrix<Double>(rows: 2, columns: 2, elements: [1, -0.1, -0.1, 1])
        let m = try ConnectivityFormulas.mean([a, b])
        XCTAssertEqual(m.elements, [1, 0.5 / 2 + -0.1 / 2, 0.5 / 2 + -0.1 / 2, 1])
        XCTAssertThrowsError(try ConnectivityFormulas.mean([a, Matrix(rows: 3, columns: 3)]))
        XCTAssertThrowsError(try ConnectivityFormulas.mean([]))
    }
}
