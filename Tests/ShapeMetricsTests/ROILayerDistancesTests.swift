import LinearAlgebra
import ShapeMetrics
import XCTest

/// The group mean of subjects' ROI x layer distance tables: exact mean, nearest layers, and a
/// clear error (not an index trap) when a subject's ROIs differ.
final class ROILayerDistancesTests: XCTestCase {
    func testMeanNearestLayerAndMismatch() throws {
        let a = ROILayerDistances(rois: ["V1", "IT"], layers: ["n:l1", "n:l2"], distances: Matrix(rows: 2, columns: 2, elements: [0.1, 0.4, 0.8, 0.2]))
        let b = ROILayerDistances(rois: ["V1", "IT"], layers: ["n:l1", "n:l2"], distances: Matrix(rows: 2, columns: 2, elements: [0.3, 0.2, 0.6, .nan]))
        let m = try ROILayerDistances.mean([a, b], names: ["a", "b"])
        XCTAssertEqual(m.distances[0, 0], 0.1 / 2 + 0.3 / 2)
        XCTAssertEqual(m.distances[0, 1], 0.4 / 2 + 0.2 / 2)
        XCTAssertTrue(m.distances[1, 1].isNaN)
        XCTAssertEqual(m.nearestLayers, ["n:l1", "n:l1"], "NaN is never nearest")
        XCTAssertEqual(m.table.columns, ["roi", "n:l1", "n:l2", "nearest_layer"])
        let c = ROILayerDistances(rois: ["V1"], layers: ["n:l1", "n:l2"], distances: Matrix(rows: 1, columns: 2, elements: [0, 0]))
        XCTAssertThrowsError(try ROILayerDistances.mean([a, c], names: ["a.tsv", "c.tsv"])) {
            XCTAssertTrue("\($0)".contains("c.tsv: its ROIs or layers differ from those of a.tsv"), "\($0)")
        }
    }
}
