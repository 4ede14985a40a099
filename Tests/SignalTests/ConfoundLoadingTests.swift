import ArrayFiles
import LinearAlgebra
@testable import Signal
import TestSupport
import XCTest

/// nilearn.interfaces.fmriprep.load_confounds on a synthetic fMRIPrep confounds file
/// (confounds/ from make_signal_references.py).
final class ConfoundLoadingTests: XCTestCase {
    let tsv = Fixture.path("confounds/sub-01_task-rest_desc-confounds_timeseries.tsv")

    func strategy(_ c: JSONValue) throws -> ConfoundStrategy {
        let count: ConfoundStrategy.ComponentCount = c["n_compcor"].int.map { .count($0) } ?? .all
        return try ConfoundStrategy.named(
            c["strategy"].array.map { $0.string! },
            motion: c["motion"].string.flatMap(ConfoundStrategy.Model.init(rawValue:)) ?? .full,
            wmCSF: c["wm_csf"].string.flatMap(ConfoundStrategy.Model.init(rawValue:)) ?? .basic,
            globalSignal: c["global_signal"].string.flatMap(ConfoundStrategy.Model.init(rawValue:)) ?? .basic,
            compCor: c["compcor"].string.flatMap(ConfoundStrategy.CompCor.init(rawValue:)) ?? .anatCombined,
            compCorComponents: count,
            scrub: .init(fdThreshold: c["fd_threshold"].double ?? 0.5, stdDVARSThreshold: c["std_dvars_threshold"].double ?? 1.5,
                         minimumSegmentLength: c["scrub"].int ?? 5),
            demean: c["demean"].bool ?? true)
    }

    func testAllStrategies() throws {
        let cases = try JSONValue.load(Fixture.path("confounds/confounds_cases.json")).array
        let a = try Fixture.npz("confounds/confounds_cases.npz")
        XCTAssertEqual(cases.count, 14)
        for c in cases {
            let name = c["name"].string!
            let sel = try FMRIPrepConfounds.load(tsv: tsv, strategy: try strategy(c))
            XCTAssertEqual(sel.names, c["columns"].array.map { $0.string! }, name)
            let expected = Fixture.matrix(a[name]!)
            XCTAssertEqual(sel.matrix.rows, expected.rows, name)
            XCTAssertEqual(sel.matrix.columns, expected.columns, name)
            assertScaledClose(sel.matrix.elements, expected.elements, tol: 1e-12, name)
            XCTAssertEqual(sel.sampleMask, a[name + "_mask"]!.doubles.map { Int($0) }, name)
        }
    }

    func testVarianceFractionAndExplicitColumns() throws {
        // a_comp_cor combined: cumulative 0.3, 0.5, 0.6, 0.65 -> 0.55 needs three components
        let s = ConfoundStrategy(highPass: true, compCor: .anatCombined, compCorComponents: .varianceFraction(0.55))
        let sel = try FMRIPrepConfounds.load(tsv: tsv, strategy: s)
        XCTAssertEqual(sel.names, ["a_comp_cor_00", "a_comp_cor_01", "a_comp_cor_02", "cosine00", "cosine01", "cosine02"])
        let ex = try FMRIPrepConfounds.columns(["csf", "trans_x_derivative1"], tsv: tsv)
        XCTAssertEqual(ex.names, ["csf", "trans_x_derivative1"])
        let table = try DelimitedTable.read(tsv)
        let d = try table.numericColumn("trans_x_derivative1")
        XCTAssertEqual(ex.matrix[0, 1], d[1])   // first-row n/a filled from the second row
        XCTAssertEqual(ex.matrix[5, 1], d[5])
        XCTAssertNil(ex.sampleMask)
    }

    func testErrorsNameTheProblem() throws {
        XCTAssertThrowsError(try FMRIPrepConfounds.columns(["csf", "nope"], tsv: tsv)) { e in
            XCTAssertTrue("\(e)".contains("nope") && "\(e)".contains(self.tsv), "\(e)")
        }
        XCTAssertThrowsError(try ConfoundStrategy.named(["motion", "aroma"]))
        XCTAssertThrowsError(try ConfoundStrategy.named(["compcor"]))   // needs high_pass
        let noStd = Fixture.path("fmri/sub-01_confounds.tsv")
        XCTAssertThrowsError(try FMRIPrepConfounds.load(tsv: noStd, strategy: ConfoundStrategy(wmCSF: .basic))) { e in
            XCTAssertTrue("\(e)".contains("wm_csf"), "\(e)")
        }
        XCTAssertThrowsError(try FMRIPrepConfounds.load(tsv: noStd, strategy: ConfoundStrategy(scrub: .init()))) { e in
            XCTAssertTrue("\(e)".contains("std_dvars"), "\(e)")
        }
        XCTAssertThrowsError(try FMRIPrepConfounds.load(tsv: "/nonexistent/x.tsv", strategy: .nilearnDefault))
    }

    func testScrubSegmentPruning() {
        // nilearn optimize_scrub: head segment [0,1] (< 3) and the run [5,6] (< 3) are censored
        XCTAssertEqual(Scrubbing.optimize(outliers: [2, 4, 7], volumes: 20, minimumSegmentLength: 3), [0, 1, 2, 3, 4, 5, 6, 7])
        XCTAssertEqual(Scrubbing.optimize(outliers: [10, 18], volumes: 20, minimumSegmentLength: 3), [10, 18, 19])
    }
}

/// load_confounds (motion + scrub) feeding clean with a band-pass, as a masker does.
final class ConfoundPipelineTests: XCTestCase {
    func testScrubbedBandPassPipeline() throws {
        let a = try Fixture.npz("confounds/confounds_cases.npz")
        let strategy = ConfoundStrategy(motion: .basic, scrub: .init(fdThreshold: 0.5, stdDVARSThreshold: 1.5, minimumSegmentLength: 5))
        let conf = try FMRIPrepConfounds.load(tsv: Fixture.path("confounds/sub-01_task-rest_desc-confounds_timeseries.tsv"), strategy: strategy)
        var o = CleaningOptions(detrend: true, standardize: .zscoreSample, highPass: 0.01, lowPass: 0.1, repetitionTime: 2)
        let signals = Fixture.matrix(a["pipeline_signals"]!)
        let r = try SignalCleaning.clean(signals, confounds: conf.matrix, sampleMask: conf.sampleMask, options: o)
        assertScaledClose(r.signals.elements, Fixture.matrix(a["pipeline_fixed"]!).elements, tol: 1e-9, "pipeline (fixed nilearn)")
        XCTAssertEqual(r.keptVolumes, conf.sampleMask)
        o.censoredInterpolation = .nilearn
        let q = try SignalCleaning.clean(signals, confounds: conf.matrix, sampleMask: conf.sampleMask, options: o)
        assertScaledClose(q.signals.elements, Fixture.matrix(a["pipeline_stock"]!).elements, tol: 1e-9, "pipeline (stock nilearn)")
    }
}
