import FMRIWorkflow
import Foundation
import NIfTI
import Signal
import TestSupport
import XCTest

/// A header TR that is not a repetition time (0 as unset headers store it, NaN or inf from
/// damaged ones) is treated as unknown, with a warning naming the file: series that need no TR
/// are extracted, a filter that needs one fails naming the image and asking for `--t-r`, and a
/// given `--t-r` is used.
final class HeaderTRTests: XCTestCase {
    private func bold(_ dir: String, tr: Double) throws -> (bold: String, atlas: String) {
        var data = [Float](repeating: 0, count: 4 * 4 * 4 * 40)
        for t in 0..<40 { for v in 0..<64 { data[v + 64 * t] = Float(sin(Double(t * (v % 7 + 1))) + Double(v % 3)) } }
        let b = dir + "/sub-01_task-rest_bold.nii.gz"
        try NIfTIWriter.write(data, shape: [4, 4, 4, 40], affine: .identity, to: b, trSeconds: tr)
        var labels = [Int16](repeating: 0, count: 64)
        for v in 0..<64 { labels[v] = v % 4 < 2 ? 1 : 2 }
        let a = dir + "/atlas.nii.gz"
        try NIfTIWriter.write(labels, shape: [4, 4, 4], affine: .identity, to: a)
        return (b, a)
    }

    func testUnusableHeaderTRIsUnknownNotANumber() throws {
        for tr in [0.0, Double.nan, Double.infinity] {
            let dir = try Fixtures.temporaryFolder()
            let (b, a) = try bold(dir, tr: tr)
            let image = try NIfTIImage(path: b)
            let resolved = image.header.repetitionTimeForCleaning(path: b)
            XCTAssertNil(resolved.seconds, "TR \(tr)")
            XCTAssertEqual(resolved.warning?.contains(b), true, "TR \(tr)")

            var p = FCParameters(atlasPath: a)
            p.cleaning = CleaningOptions(detrend: true, standardize: .zscoreSample)
            let runs = try FCWorkflow.timeSeries(boldPaths: [b], parameters: p)
            XCTAssertNil(runs[0].repetitionTime, "TR \(tr)")
            XCTAssertTrue(runs[0].warnings.contains { $0.contains("not a repetition time") }, "TR \(tr): \(runs[0].warnings)")
            XCTAssertFalse(runs[0].cleaned.elements.contains { !$0.isFinite }, "TR \(tr)")

            p.cleaning = CleaningOptions(detrend: true, lowPass: 0.1)
            XCTAssertThrowsError(try FCWorkflow.timeSeries(boldPaths: [b], parameters: p), "TR \(tr)") { e in
                XCTAssertTrue("\(e)".contains(b) && "\(e)".contains("repetition time"), "\(e)")
            }
            p.cleaning = CleaningOptions(detrend: true, lowPass: 0.1, repetitionTime: 2)
            XCTAssertEqual(try FCWorkflow.timeSeries(boldPaths: [b], parameters: p)[0].repetitionTime, 2)
        }
    }

    func testValidHeaderTRIsUsedAndMillisecondsAreFlagged() throws {
        let dir = try Fixtures.temporaryFolder()
        let (b, _) = try bold(dir, tr: 2)
        XCTAssertEqual(try NIfTIImage(path: b).header.repetitionTimeForCleaning(path: b).seconds, 2)
        XCTAssertNil(try NIfTIImage(path: b).header.repetitionTimeForCleaning(path: b).warning)
        let (m, _) = try bold(try Fixtures.temporaryFolder(), tr: 2000)
        let r = try NIfTIImage(path: m).header.repetitionTimeForCleaning(path: m)
        XCTAssertEqual(r.seconds, 2000)
        XCTAssertEqual(r.warning?.contains("probably milliseconds"), true)
    }
}
