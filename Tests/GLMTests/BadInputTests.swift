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
        assertError(try GLMWorkflow.run(p), contains: ["'face up' and 'faceup'", "contrast-faceup", "trial_type values of \(ev)"])
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

    // MARK: - found by scripts/probe-readers.py

    /// Weights that are not finite (1e400 overflows to inf) or all 0 ('face - face') gave
    /// inf/NaN maps or t = 0 maps that test nothing, written as results; now refused.
    func testContrastWithInfiniteOrCancellingWeights() throws {
        let columns = ["face", "house", "constant"]
        assertError(try ContrastExpression.vector("1e400*face", columns: columns), contains: ["1e400*face", "'face'", "weight inf", "finite"])
        assertError(try ContrastExpression.vector("face / 0", columns: columns), contains: ["face / 0", "finite"])
        assertError(try ContrastExpression.vector("face - face", columns: columns), contains: ["face - face", "every design column 0"])
        assertError(try ContrastExpression.vector("0*house", columns: columns), contains: ["every design column 0"])
        XCTAssertEqual(try ContrastExpression.vector("face - 0.5*house", columns: columns), [1, -0.5, 0])
        var p = parameters(events: [GLMFixtures.events[0]])
        p.contrasts = [ContrastSpec(name: "nothing", expression: "face - face")]
        assertError(try GLMWorkflow.run(p), contains: ["face - face", "tests nothing"])
    }

    /// A FIR delay past the run's end made an all-zero regressor, which the full-rank
    /// regularisation turned into round-off noise: its maps had t values near +-4 and were
    /// written without a word. Now refused, naming the events file, condition and column.
    func testFIRDelayPastTheEndOfTheRun() throws {
        var p = parameters(events: [GLMFixtures.events[0]])
        p.options.design.hrf = try HRFModel(name: "fir", firDelays: [0, 5000])
        assertError(try GLMWorkflow.run(p), contains: [GLMFixtures.events[0], "condition 'chair'", "'chair_delay_5000'", "0 at every frame", "FIR delay"])
    }

    /// A header naming a column twice: the first was silently used (the second could be the
    /// one meant). Events and confounds both go through `DelimitedTable.columnIndex`.
    func testDuplicateColumnsInEventsAndConfounds() throws {
        let ev = try write("dup_events.tsv", "onset\tduration\ttrial_type\tduration\n10\t1\tface\t3\n40\t1\thouse\t3\n")
        assertError(try EventsTable.read(ev), contains: [ev, "row 1", "'duration' twice", "columns 2 and 4"])
        let n = try NIfTIImage.open(GLMFixtures.bold[0]).header.volumeCount
        let conf = try write("dup_confounds.tsv", "trans_x\ttrans_y\ttrans_x\n" + (0..<n).map { "\(Double($0) * 0.01)\t\(sin(Double($0)))\t0\n" }.joined())
        assertError(try GLMConfoundSelection(columns: ["trans_x", "trans_y"]).load(path: conf, volumes: n), contains: [conf, "'trans_x' twice"])
    }

    /// A mask on another grid: the message named the BOLD run only ("differs from the mask's"),
    /// not which mask file to resample.
    func testGridMismatchNamesTheMaskFile() throws {
        let h = try NIfTIImage.open(GLMFixtures.path("mask.nii.gz")).header
        let path = folder + "/shifted_mask.nii.gz"
        var rows = h.affine.rows
        rows[0][3] += 4
        try NIfTIWriter.write([UInt8](repeating: 1, count: h.voxelsPerVolume), shape: Array(h.shape.prefix(3)), affine: Affine(rows: rows), to: path)
        var p = parameters(events: [GLMFixtures.events[0]])
        p.maskPath = path
        assertError(try GLMWorkflow.run(p), contains: [GLMFixtures.bold[0], "the mask \(path)", "affine"])
    }

    /// A mask read by its one volume accepted a gzip stream cut inside its CRC/size trailer
    /// (every data byte present): the last volume read now checks the stream's end.
    func testMaskWithCutGzipTrailer() throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: GLMFixtures.path("mask.nii.gz")))
        let path = folder + "/cut_mask.nii.gz"
        try bytes.dropLast(4).write(to: URL(fileURLWithPath: path))
        assertError(try VoxelMask.read(path), contains: [path])
    }

    /// A run whose in-mask voxels never change was fitted and written as effect 0, t 0,
    /// p 0.5 maps; now refused naming the run and the mask (some constant voxels: a warning).
    func testEveryMaskedVoxelConstant() throws {
        let image = try NIfTIImage.open(GLMFixtures.bold[0])
        let first = try image.readVolume(0)
        let path = folder + "/sub-01_task-objects_run-1_bold.nii.gz"
        try NIfTIWriter.write(Array([[Float]](repeating: first, count: image.header.volumeCount).joined()), shape: image.header.shape,
                              affine: image.header.affine, to: path, trSeconds: 2)
        var p = parameters(events: [GLMFixtures.events[0]])
        p.boldPaths = [path]
        assertError(try GLMWorkflow.run(p), contains: [path, "constant over the run", GLMFixtures.path("mask.nii.gz")])
        var data = try image.readAllFloat()
        let mask = try GLMFixtures.mask()
        for t in 0..<image.header.volumeCount { data[t * image.header.voxelsPerVolume + mask.indices[3]] = 7 }
        try NIfTIWriter.write(data, shape: image.header.shape, affine: image.header.affine, to: path, trSeconds: 2)
        let results = try GLMWorkflow.run(p)
        XCTAssertTrue(results.warnings.contains { $0.contains(path) && $0.contains("1 of the \(mask.indices.count) in-mask voxels are constant") }, "\(results.warnings)")
    }

    /// A --high-pass above what the run resolves makes more cosine drift columns than volumes;
    /// the error said only "the design has 112 regressors for 100 volumes". It now splits the
    /// count, pointing at the drift flags.
    func testTooWideDesignSaysWhichPartIsTooWide() throws {
        var p = parameters(events: [GLMFixtures.events[0]])
        p.options.design.drift = .cosine(highPass: 10)
        assertError(try GLMWorkflow.run(p), contains: [GLMFixtures.bold[0], "regressors for 100 volumes", "drift (set by --drift, --high-pass, --drift-order)"])
    }
}
