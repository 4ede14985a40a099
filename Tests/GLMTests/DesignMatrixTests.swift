import ArrayFiles
import GLM
import LinearAlgebra
import Signal
import TestSupport
import XCTest

/// Design matrices against nilearn 0.14.1's `make_first_level_design_matrix` (1e-10).
final class DesignMatrixTests: XCTestCase {
    func testEveryHRFAndDriftMatchesNilearn() throws {
        let events = try GLMFixtures.eventsTable(0).events
        let n = GLMFixtures.refs["T"].int!
        let designs = GLMFixtures.refs["designs"].array
        XCTAssertEqual(designs.count, 21)
        for d in designs {
            let delays = d["fir_delays"].ints
            let hrf = try HRFModel(name: d["hrf"].string!, firDelays: delays.isEmpty ? [0] : delays)
            let drift: DriftModel
            switch d["drift"].string! {
            case "cosine": drift = .cosine(highPass: d["high_pass"].double!)
            case "polynomial": drift = .polynomial(order: d["order"].int!)
            default: drift = .none
            }
            let ours = try DesignMatrix.make(events: events, volumes: n, repetitionTime: GLMFixtures.tr,
                                             options: DesignOptions(hrf: hrf, drift: drift))
            let ref = GLMFixtures.matrix(d["key"].string!)
            XCTAssertEqual(ours.columns, d["columns"].array.map { $0.string! }, "\(hrf.name) \(drift.name)")
            XCTAssertEqual(ours.matrix.rows, ref.rows)
            XCTAssertEqual(ours.matrix.columns, ref.columns, "\(hrf.name) \(drift.name)")
            guard ours.matrix.columns == ref.columns else { continue }
            XCTAssertLessThan(ours.matrix.maxAbsDifference(ref), 1e-10, "\(hrf.name) \(drift.name)")
        }
    }

    func testConfoundColumnsSitBetweenConditionsAndDrifts() throws {
        let events = try GLMFixtures.eventsTable(0).events
        let spec = GLMFixtures.refs["design_confounds"]
        let names = spec["confounds"].array.map { $0.string! }
        let sel = try FMRIPrepConfounds.columns(names, tsv: GLMFixtures.path("sub-01_task-objects_run-1_desc-confounds_timeseries.tsv"))
        let ours = try DesignMatrix.make(events: events, volumes: GLMFixtures.refs["T"].int!, repetitionTime: GLMFixtures.tr,
                                         options: DesignOptions(drift: .cosine(highPass: spec["high_pass"].double!)),
                                         confounds: sel.matrix, confoundNames: sel.names)
        XCTAssertEqual(ours.columns, spec["columns"].array.map { $0.string! })
        XCTAssertLessThan(ours.matrix.maxAbsDifference(GLMFixtures.matrix("design_confounds")), 1e-10)
    }

    func testContrastExpressions() throws {
        let cols = ["chair", "face", "house", "shoe", "constant"]
        XCTAssertEqual(try ContrastExpression.vector("face - house", columns: cols), [0, 1, -1, 0, 0])
        XCTAssertEqual(try ContrastExpression.vector("0.5*chair + 0.5*shoe - face", columns: cols), [0.5, -1, 0, 0.5, 0])
        XCTAssertEqual(try ContrastExpression.vector("(face + house) / 2", columns: cols), [0, 0.5, 0.5, 0, 0])
        XCTAssertEqual(try ContrastExpression.vector("-face", columns: cols), [0, -1, 0, 0, 0])
        XCTAssertThrowsError(try ContrastExpression.vector("face - dog", columns: cols)) { e in
            XCTAssertTrue("\(e)".contains("'dog' is not a design column"), "\(e)")
        }
        XCTAssertThrowsError(try ContrastExpression.vector("face * house", columns: cols))
        XCTAssertThrowsError(try ContrastExpression.vector("face + 1", columns: cols))
        XCTAssertThrowsError(try ContrastExpression.vector("(face", columns: cols))
    }
}
