import LinearAlgebra
import Signal
import XCTest

/// Bad input and special columns.
final class CleaningBehaviourTests: XCTestCase {
    func series(_ n: Int, _ p: Int) -> Matrix<Double> {
        Matrix(rows: n, columns: p) { i, j in sin(Double(i * (j + 1)) * 0.37) * Double(j + 1) + Double(i % 7) * 0.1 + 50 }
    }

    func testAllNaNColumnPassesThroughAndConstantColumnBecomesNaN() throws {
        var x = series(60, 4)
        for i in 0..<60 { x[i, 1] = .nan; x[i, 3] = 812.5 }
        let r = try SignalCleaning.clean(x, options: CleaningOptions(detrend: true, standardize: .zscoreSample, repetitionTime: 2))
        XCTAssertEqual(r.missingColumns, [1])
        XCTAssertEqual(r.zeroVarianceColumns, [3])
        XCTAssertTrue(r.warnings.contains { $0.contains("zero-variance") })
        XCTAssertTrue(r.signals.column(1).allSatisfy(\.isNaN))
        XCTAssertTrue(r.signals.column(3).allSatisfy(\.isNaN))
        // the other columns are cleaned as if alone
        let alone = try SignalCleaning.clean(x.columns([0, 2]), options: CleaningOptions(detrend: true, standardize: .zscoreSample, repetitionTime: 2))
        XCTAssertEqual(r.signals.columns([0, 2]), alone.signals)
    }

    func testBadInputErrors() {
        var x = series(60, 3)
        x[10, 2] = .nan
        XCTAssertThrowsError(try SignalCleaning.clean(x, options: CleaningOptions())) { e in
            guard case SignalError.nonFinite(let m) = e else { return XCTFail("\(e)") }
            XCTAssertTrue(m.contains("column 2") && m.contains("volume 10"), m)
        }
        let y = series(60, 3)
        XCTAssertThrowsError(try SignalCleaning.clean(y, confounds: Matrix(rows: 59, columns: 2), options: CleaningOptions())) { e in
            guard case SignalError.shapeMismatch = e else { return XCTFail("\(e)") }
        }
        XCTAssertThrowsError(try SignalCleaning.clean(y, sampleMask: [], options: CleaningOptions())) { e in
            guard case SignalError.allVolumesCensored = e else { return XCTFail("\(e)") }
        }
        XCTAssertThrowsError(try SignalCleaning.clean(y, sampleMask: [0, 1, 2], options: CleaningOptions(dummyScans: 5))) { e in
            guard case SignalError.allVolumesCensored = e else { return XCTFail("\(e)") }
        }
        XCTAssertThrowsError(try SignalCleaning.clean(y, options: CleaningOptions(highPass: 0.01))) { e in
            guard case SignalError.invalidParameter(let m) = e else { return XCTFail("\(e)") }
            XCTAssertTrue(m.contains("TR"), m)
        }
        XCTAssertThrowsError(try SignalCleaning.clean(y, options: CleaningOptions(highPass: 0.1, lowPass: 0.05, repetitionTime: 2)))
        XCTAssertThrowsError(try SignalCleaning.clean(series(30, 2), options: CleaningOptions(highPass: 0.01, lowPass: 0.1, repetitionTime: 2))) { e in
            guard case SignalError.tooShort = e else { return XCTFail("\(e)") }
        }
        XCTAssertThrowsError(try SignalCleaning.clean(y, sampleMask: [3, 2], options: CleaningOptions()))
        XCTAssertThrowsError(try SignalCleaning.clean(y, sampleMask: [3, 60], options: CleaningOptions()))
    }

    /// A cutoff below a millionth of Nyquist (here from a TR of 1e-300 s) made the filter's
    /// linear systems singular and reached the user as "gesv: matrix is singular"; it is refused
    /// naming the cutoff, Nyquist and TR.
    func testCutoffFarBelowNyquistIsRefusedInWords() {
        let y = series(60, 3)
        for o in [CleaningOptions(highPass: 0.01, repetitionTime: 1e-300), CleaningOptions(lowPass: 0.1, repetitionTime: 1e-300)] {
            XCTAssertThrowsError(try SignalCleaning.clean(y, options: o)) { e in
                guard case SignalError.invalidParameter(let m) = e else { return XCTFail("\(e)") }
                XCTAssertTrue(m.contains("too low for a digital filter") && m.contains("TR 1e-300 s"), m)
            }
        }
        XCTAssertNoThrow(try SignalCleaning.clean(y, options: CleaningOptions(highPass: 0.008, repetitionTime: 0.5)))
    }
}
