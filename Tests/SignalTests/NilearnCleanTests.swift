import ArrayFiles
import LinearAlgebra
import Signal
import TestSupport
import XCTest

/// nilearn.signal.clean on synthetic series for many option combinations
/// (clean_cases.json / .npz from make_signal_references.py).
final class NilearnCleanTests: XCTestCase {
    func testAllCases() throws {
        let cases = try JSONValue.load(Fixture.path("clean_cases.json")).array
        let a = try Fixture.npz("clean_cases.npz")
        let signals = Fixture.matrix(a["input_signals"]!)
        let confounds = Fixture.matrix(a["input_confounds"]!)
        let masks = ["mid": a["mask_mid"]!.doubles.map { Int($0) }, "edge": a["mask_edge"]!.doubles.map { Int($0) },
                     "mirror": a["mask_mirror"]!.doubles.map { Int($0) }]
        XCTAssertEqual(cases.count, 21)
        for c in cases {
            let name = c["name"].string!
            var o = CleaningOptions(detrend: c["detrend"].bool!, repetitionTime: c["t_r"].double ?? 2.0)
            o.standardize = c["standardize"].isNull ? .none : Standardization(rawValue: c["standardize"].string!)!
            o.standardizeConfounds = c["standardize_confounds"].bool ?? true
            o.highPass = c["high_pass"].double
            o.lowPass = c["low_pass"].double
            o.filter = c["filter"].string == "cosine" ? .cosine : .butterworth
            let mask = c["sample_mask"].string.map { masks[$0]! }
            let r = try SignalCleaning.clean(signals, confounds: c["confounds"].bool == true ? confounds : nil,
                                             sampleMask: mask, options: o)
            let expected = Fixture.matrix(a[name]!)
            XCTAssertEqual(r.signals.rows, expected.rows, name)
            XCTAssertEqual(r.signals.columns, expected.columns, name)
            assertScaledClose(r.signals.elements, expected.elements, tol: 1e-9, name)
            if c["fixed"].bool == true {
                // Reference = nilearn with its interpolation bug fixed (see README); stock
                // nilearn 0.14.1 leaves these censored volumes uninterpolated.
                let stock = Fixture.matrix(a[name + "_stock"]!)
                XCTAssertGreaterThan(r.signals.maxAbsDifference(stock), 1e-3, name)
                var q = o
                q.censoredInterpolation = .nilearn
                let rq = try SignalCleaning.clean(signals, confounds: c["confounds"].bool == true ? confounds : nil,
                                                  sampleMask: mask, options: q)
                assertScaledClose(rq.signals.elements, stock.elements, tol: 1e-9, name + " (stock nilearn quirk mode)")
            }
            if name == "censor_band_edge" {
                // censored volumes outside the kept span cannot be interpolated: dropped
                XCTAssertEqual(r.keptVolumes, masks["edge"]!)
            }
            if name == "bandpass_nyquist" { XCTAssertTrue(r.warnings.contains { $0.contains("Nyquist") }) }
        }
    }

    func testDummyScansEqualCleaningTheSlicedRun() throws {
        let a = try Fixture.npz("clean_cases.npz")
        let signals = Fixture.matrix(a["input_signals"]!)
        let confounds = Fixture.matrix(a["input_confounds"]!)
        let mask = a["mask_mid"]!.doubles.map { Int($0) }
        let o = CleaningOptions(dummyScans: 3, detrend: true, standardize: .zscoreSample, highPass: 0.01, lowPass: 0.1, repetitionTime: 2)
        let r = try SignalCleaning.clean(signals, confounds: confounds, sampleMask: mask, options: o)
        assertScaledClose(r.signals.elements, Fixture.matrix(a["dummy3_band_confounds"]!).elements, tol: 1e-9, "dummy scans")
        XCTAssertEqual(Array(r.removedVolumes.prefix(3)), [0, 1, 2])
        XCTAssertEqual(r.keptVolumes, mask.filter { $0 >= 3 })
    }

    func testCosineRegressorsFormula() {
        let c = CosineDrift.regressors(count: 100, repetitionTime: 2, highPass: 0.01)
        XCTAssertEqual(c.columns, 4)   // floor(2 * 100 * 0.01 * 2)
        XCTAssertEqual(c[0, 0], (2.0 / 100).squareRoot() * cos(Double.pi / 100 * 0.5), accuracy: 1e-15)
        XCTAssertEqual(CosineDrift.regressors(count: 10, repetitionTime: 2, highPass: 0.01).columns, 0)
    }
}

final class NilearnCleanExtraTests: XCTestCase {
    func testRankDeficientConfoundsDropOut() throws {
        let a = try Fixture.npz("clean_cases.npz")
        let r = try SignalCleaning.clean(Fixture.matrix(a["input_signals"]!), confounds: Fixture.matrix(a["input_confounds_deficient"]!),
                                         options: CleaningOptions(detrend: true, standardize: .zscoreSample))
        XCTAssertEqual(r.confoundRank, 3)   // 5 columns: constant and duplicate removed
        assertScaledClose(r.signals.elements, Fixture.matrix(a["confounds_rank_deficient"]!).elements, tol: 1e-9, "rank-deficient confounds")
    }

    func testPopulationZscore() throws {
        let a = try Fixture.npz("clean_cases.npz")
        let r = try SignalCleaning.clean(Fixture.matrix(a["input_signals"]!), options: CleaningOptions(detrend: true, standardize: .zscore))
        assertScaledClose(r.signals.elements, Fixture.matrix(a["detrend_zscore_ddof0"]!).elements, tol: 1e-9, "zscore ddof 0")
    }
}
