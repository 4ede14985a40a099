import Foundation
import XCTest
@testable import Pipeline

/// Issue 12, findings 9 and 10: a YAML alias bomb and an oversized document are refused with a
/// clear error; names that end up in output file names must be BIDS labels; `output` must be a
/// folder of its own; an atlas image that is a folder is a config error.
final class HostileConfigTests: XCTestCase {
    var dir: String!
    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID())").path
        try FileManager.default.createDirectory(atPath: "\(dir!)/fmriprep", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: "\(dir!)/atlasdir", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: "\(dir!)/atlas.nii.gz", contents: Data())
    }
    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    func load(_ yaml: String) -> String? {
        let path = "\(dir!)/p.yaml"
        _ = FileManager.default.createFile(atPath: path, contents: Data(yaml.utf8))
        do { _ = try PipelineConfig.load(path); return nil } catch { return "\(error)" }
    }

    func config(atlasName: String = "sample", image: String = "atlas.nii.gz", output: String = "out") -> String {
        """
        name: x
        output: '\(output)'
        inputs:
          fmriprep: fmriprep
          atlases:
            - {name: '\(atlasName)', image: \(image)}
        stages:
          timeseries: {}

        """
    }

    func testTheValidConfigLoads() {
        XCTAssertNil(load(config()))
    }

    func testAliasBombIsRefusedQuickly() {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...9 { yaml += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
        let start = Date()
        let err = load(yaml)
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
        XCTAssertTrue(err?.contains("expands to more than 100000 values") ?? false, err ?? "accepted")
        XCTAssertTrue(err?.hasPrefix("\(dir!)/p.yaml:") ?? false, err ?? "")
    }

    func testAnOversizedDocumentIsRefused() {
        let err = load("name: x\n# " + String(repeating: "y", count: 2 << 20) + "\n")
        XCTAssertTrue(err?.contains("more than 1048576 bytes") ?? false, err ?? "accepted")
    }

    func testNamesThatEndUpInFileNamesMustBeLabels() {
        for bad in ["../../escape", "a/b", "a_b", "a-b", "", "sch ä"] {
            let err = load(config(atlasName: bad))
            XCTAssertTrue(err?.contains("is not a BIDS label") ?? false, "\(bad): \(err ?? "accepted")")
        }
        let network = load(config().replacingOccurrences(of: "stages:", with: "  activations:\n    - {network: '../n', file: atlas.nii.gz}\nstages:"))
        XCTAssertTrue(network?.contains("'inputs.activations[0].network' = '../n' is not a BIDS label") ?? false, network ?? "accepted")
    }

    func testOutputMustBeAFolderOfItsOwn() {
        let empty = load(config(output: ""))
        XCTAssertTrue(empty?.contains("'output' must name a folder") ?? false, empty ?? "accepted")
        let dot = load(config(output: "."))
        XCTAssertTrue(dot?.contains("the config's own folder") ?? false, dot ?? "accepted")
        let inside = load(config(output: "fmriprep/derivatives/neurorep"))
        XCTAssertTrue(inside?.contains("inside 'inputs.fmriprep'") ?? false, inside ?? "accepted")
        let file = load(config(output: "atlas.nii.gz"))
        XCTAssertTrue(file?.contains("it is a file") ?? false, file ?? "accepted")
    }

    func testFreeFormValuesAreCheckedWithTheirPosition() {
        let err = load(config().replacingOccurrences(of: "  timeseries: {}", with: "  timeseries:\n    confounds: {strategy: [compcor], n_compcor: lots}"))
        XCTAssertTrue(err?.contains("p.yaml:9:") ?? false, err ?? "accepted")
        XCTAssertTrue(err?.contains("n_compcor' = 'lots'") ?? false, err ?? "accepted")
    }

    func testAnAtlasImageThatIsAFolderIsAConfigError() {
        let err = load(config(image: "atlasdir"))
        XCTAssertTrue(err?.contains("p.yaml:6:") ?? false, err ?? "accepted")
        XCTAssertTrue(err?.contains("'atlasdir' is a folder; expected a file") ?? false, err ?? "accepted")
    }

    func testDiscoveredSubjectLabelsMustBeLabels() throws {
        let func1 = "\(dir!)/fmriprep/sub-01x+y/func"
        try FileManager.default.createDirectory(atPath: func1, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: "\(func1)/sub-01x+y_task-rest_desc-preproc_bold.nii.gz", contents: Data())
        let path = "\(dir!)/p.yaml"
        _ = FileManager.default.createFile(atPath: path, contents: Data(config().utf8))
        let c = try PipelineConfig.load(path)
        XCTAssertThrowsError(try Discovery.runs(for: c)) { XCTAssertTrue("\($0)".contains("the 'sub' label '01x+y' is not a BIDS label"), "\($0)") }
    }
}
