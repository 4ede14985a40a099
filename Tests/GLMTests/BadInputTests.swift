import Foundation
import GLM
import LinearAlgebra
import NIfTI
import XCTest

/// Bad input ends in an error naming the file, the row (for events) and the problem.
final class BadInputTests: XCTestCase {
    var folder = ""

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("glm-bad-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

    func write(_ name: String, _ text: String) throws -> String {
        let p = folder + "/" + name
        try text.write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }

    func assertError(_ body: @autoclosure () throws -> Any, contains parts: [String], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(), file: file, line: line) { e in
            let s = "\(e)"
            for p in parts { XCTAssertTrue(s.contains(p), "'\(s)' lacks '\(p)'", file: file, line: line) }
        }
    }

    func parameters(events: [String], tr: Double = 2) -> GLMParameters {
        var p = GLMParameters(boldPaths: Array(GLMFixtures.bold.prefix(events.count)), eventsPaths: events, repetitionTime: tr)
        p.maskPath = GLMFixtures.path("mask.nii.gz")
        p.options.noise = .ols
        return p
    }

    func testEventAfterTheEndOfTheRun() throws {
        let ev = try write("late_events.tsv", "onset\tduration\ttrial_type\n10\t1\tface\n500\t1\thouse\n")
        assertError(try GLMWorkflow.run(parameters(events: [ev])), contains: [ev, "row 3", "after the end of the run", "200.0 s"])
    }

    func testEventBeforeTheModelledWindow() throws {
        let ev = try write("early_events.tsv", "onset\tduration\ttrial_type\n-30\t1\tface\n20\t1\thouse\n")
        assertError(try GLMWorkflow.run(parameters(events: [ev])), contains: [ev, "row 2", "before the modelled window"])
    }

    func testNegativeDuration() throws {
        let ev = try write("neg_events.tsv", "onset\tduration\ttrial_type\n10\t1\tface\n20\t-2\thouse\n")
        assertError(try EventsTable.read(ev), contains: [ev, "row 3", "negative duration"])
    }

    func testMissingColumns() throws {
        let ev = try write("nodur_events.tsv", "onset\ttrial_type\n10\tface\n")
        assertError(try EventsTable.read(ev), contains: [ev, "row 1", "no 'duration' column"])
        let ev2 = try write("noonset_events.tsv", "duration\ttrial_type\n1\tface\n")
        assertError(try EventsTable.read(ev2), contains: [ev2, "no 'onset' column"])
        let ev3 = try write("na_events.tsv", "onset\tduration\ttrial_type\nn/a\t1\tface\n")
        assertError(try EventsTable.read(ev3), contains: [ev3, "row 2", "onset 'n/a' is not a finite number"])
        let ev4 = try write("notype_events.tsv", "onset\tduration\ttrial_type\n5\t1\tn/a\n")
        assertError(try EventsTable.read(ev4), contains: [ev4, "row 2", "trial_type is empty"])
        let ev5 = try write("empty_events.tsv", "")
        assertError(try EventsTable.read(ev5), contains: [ev5 + ": empty table"])
        XCTAssertThrowsError(try EventsTable.read(ev5)) { XCTAssertFalse("\($0)".contains(ev5 + ": " + ev5), "path named twice: \($0)") }
    }

    /// File names keep a contrast's letters and digits: names that share them, or a contrast
    /// named as a condition, would write one file twice; refused before fitting, naming both.
    func testContrastsWithOneFileLabel() throws {
        let ev = try write("sub-01_task-x_events.tsv", "onset\tduration\ttrial_type\n10\t1\tface up\n40\t1\tfaceup\n")
        var p = parameters(events: [ev])
        assertError(try GLMWorkflow.run(p), contains: ["'face up' and 'faceup'", "contrast-faceup"])
        p.eventsPaths = [GLMFixtures.events[0]]
        p.contrasts = [ContrastSpec(name: "face", expression: "face - house")]
        assertError(try GLMWorkflow.run(p), contains: ["contrast 'face' is named twice"])
        p.contrasts = [ContrastSpec(name: "face-house", expression: "face - house"), ContrastSpec(name: "facehouse", expression: "house - face")]
        assertError(try GLMWorkflow.run(p), contains: ["'face-house' and 'facehouse'"])
    }

    func testConditionWithNoEvents() throws {
        // A condition of run 1 missing from run 2.
        let ev1 = try write("r1_events.tsv", "onset\tduration\ttrial_type\n10\t1\tface\n40\t1\thouse\n")
        let ev2 = try write("r2_events.tsv", "onset\tduration\ttrial_type\n10\t1\tface\n40\t1\tface\n")
        assertError(try GLMWorkflow.run(parameters(events: [ev1, ev2])), contains: [ev2, "condition 'house'", "has no events in this run"])
        // A condition whose every event has modulation 0.
        let ev3 = try write("zero_events.tsv", "onset\tduration\ttrial_type\tmodulation\n10\t1\tface\t1\n40\t1\thouse\t0\n")
        assertError(try GLMWorkflow.run(parameters(events: [ev3])), contains: [ev3, "row 3", "condition 'house'", "regressor is zero"])
    }

    func testRepetitionTimeDisagreeingWithTheHeader() throws {
        assertError(try GLMWorkflow.run(parameters(events: [GLMFixtures.events[0]], tr: 2.5)),
                    contains: [GLMFixtures.bold[0], "header's TR is 2.0 s but --t-r is 2.5 s"])
    }

    func testNaNInTheData() throws {
        let mask = try GLMFixtures.mask()
        let image = try NIfTIImage.open(GLMFixtures.bold[0])
        var data = try image.readAllFloat()
        let perVolume = image.header.voxelsPerVolume
        data[7 * perVolume + mask.indices[5]] = .nan
        let path = folder + "/sub-01_task-objects_run-1_bold.nii.gz"
        try NIfTIWriter.write(data, shape: image.header.shape, affine: image.header.affine, to: path, trSeconds: 2)
        var p = parameters(events: [GLMFixtures.events[0]])
        p.boldPaths = [path]
        let idx = mask.indices[5], sx = mask.shape[0], sy = mask.shape[1]
        assertError(try GLMWorkflow.run(p), contains: [path, "volume 7", "non-finite", "(\(idx % sx), \((idx / sx) % sy), \(idx / (sx * sy)))"])
    }

    /// A run cut short: the volumes are read ahead on another thread (`VolumeReadAhead`); the
    /// error still names the file and the truncation, and nothing hangs or crashes. A NaN in
    /// volume 0 stops the read at once while the reader is ahead.
    func testTruncatedRunAndEarlyStopWhileReadingAhead() throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: GLMFixtures.bold[0]))
        let path = folder + "/sub-01_task-objects_run-1_bold.nii.gz"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try bytes.prefix(bytes.count * 2 / 3).write(to: URL(fileURLWithPath: path))
        var p = parameters(events: [GLMFixtures.events[0]])
        p.boldPaths = [path]
        assertError(try GLMWorkflow.run(p), contains: [path, "truncated"])
        let mask = try GLMFixtures.mask()
        let image = try NIfTIImage.open(GLMFixtures.bold[0])
        var data = try image.readAllFloat()
        data[mask.indices[0]] = .infinity
        try NIfTIWriter.write(data, shape: image.header.shape, affine: image.header.affine, to: path, trSeconds: 2)
        assertError(try GLMWorkflow.run(p), contains: [path, "volume 0", "non-finite value (inf)"])
    }

    func testUnknownContrastColumn() throws {
        var p = parameters(events: [GLMFixtures.events[0]])
        p.contrasts = [ContrastSpec(name: "bad", expression: "face - dog")]
        assertError(try GLMWorkflow.run(p), contains: ["face - dog", "'dog' is not a design column"])
    }
}
