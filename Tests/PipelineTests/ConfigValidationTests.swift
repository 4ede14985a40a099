import Foundation
import XCTest
@testable import Pipeline

/// Config errors name the file, line and column, with a did-you-mean for misspelt keys and values.
final class ConfigValidationTests: XCTestCase {
    var dir: String!
    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("cfg-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: "\(dir!)/atlas.nii.gz", contents: Data())
        try FileManager.default.createDirectory(atPath: "\(dir!)/fmriprep", withIntermediateDirectories: true)
    }
    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    func errors(of yaml: String) -> [ConfigError] {
        let path = "\(dir!)/p.yaml"
        try! yaml.write(toFile: path, atomically: true, encoding: .utf8)
        do { _ = try PipelineConfig.load(path); return [] } catch let e as ConfigErrors { return e.errors } catch let e as ConfigError { return [e] } catch {
            XCTFail("unexpected error \(error)"); return []
        }
    }

    func testTheFixtureReportsEveryProblemWithLineAndColumn() throws {
        let file = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/configs/bad.yaml").path
        XCTAssertThrowsError(try PipelineConfig.load(file)) { error in
            let all = (error as! ConfigErrors).errors
            let text = all.map(\.description)
            func find(_ s: String) -> ConfigError? { all.first { $0.message.contains(s) } }
            XCTAssertEqual(find("no-such-folder")?.position, .init(line: 4, column: 13), "\(text)")
            XCTAssertEqual(find("missing_atlas")?.position, .init(line: 7, column: 14), "\(text)")
            let typo = find("unknown key 'stages.timeseries.detrnd'")
            XCTAssertEqual(typo?.position, .init(line: 10, column: 5), "\(text)")
            XCTAssertTrue(typo?.message.contains("did you mean 'detrend'?") ?? false, "\(text)")
            let value = find("zscore_smaple")
            XCTAssertEqual(value?.position, .init(line: 11, column: 18))
            XCTAssertTrue(value?.message.contains("did you mean 'zscore_sample'?") ?? false)
            XCTAssertEqual(find("'stages.timeseries.high_pass' must be a number")?.position, .init(line: 12, column: 16), "\(text)")
            XCTAssertTrue(text.allSatisfy { $0.hasPrefix(file + ":") }, "every message names the file: \(text)")
        }
    }

    func testStagesWithoutInputsAreErrors() {
        let e = errors(of: """
        name: x
        output: out
        inputs:
          fmriprep: fmriprep
          atlases: [{name: a, image: atlas.nii.gz}]
        stages:
          graph: {proportional: 0.1, absolute: 0.3}
          trsa: {}
          recurrence: {dim: 2}
        """)
        let m = e.map(\.message)
        XCTAssertTrue(m.contains { $0.contains("stage 'graph' needs connectivity matrices") }, "\(m)")
        XCTAssertTrue(m.contains { $0.contains("exactly one of 'proportional' or 'absolute' (got 2)") }, "\(m)")
        XCTAssertTrue(m.contains { $0.contains("stage 'trsa' transforms the RDMs of stage 'rsa'") }, "\(m)")
        XCTAssertTrue(m.contains { $0.contains("stage 'recurrence' needs ROI time series") }, "\(m)")
        XCTAssertEqual(e.first { $0.message.contains("stage 'trsa'") }?.position, .init(line: 8, column: 3))
    }

    func testMissingRequiredKeysAndWrongShapes() {
        let m = errors(of: "name: x\ninputs: [1, 2]\nstages: {}\n").map(\.description)
        XCTAssertTrue(m.contains { $0.contains("missing required key 'output'") && $0.contains(":1:1:") }, "\(m)")
        XCTAssertTrue(m.contains { $0.contains("'inputs' must be a mapping") && $0.contains(":2:9:") }, "\(m)")
        let syntax = errors(of: "name: [unclosed\n")
        XCTAssertTrue(syntax.first?.message.contains("YAML syntax error") ?? false)
    }

    func testAValidConfigResolvesPathsAndDefaults() throws {
        let path = "\(dir!)/ok.yaml"
        try """
        name: ok
        output: out/x
        inputs:
          fmriprep: fmriprep
          filters: {participant: ["01", "02"], task: rest}
          atlases: [{name: a, image: atlas.nii.gz}]
        stages:
          timeseries: {high_pass: 0.01, low_pass: 0.1, confounds: {strategy: [motion, scrub], motion: basic}}
          connectivity: {kinds: [correlation, pearson]}
          graph: {proportional: 0.2}
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let c = try PipelineConfig.load(path)
        XCTAssertEqual(c.output, "\(dir!)/out/x")
        XCTAssertEqual(c.filters.participant, ["01", "02"])
        XCTAssertEqual(c.filters.task, ["rest"])
        XCTAssertEqual(c.timeseries?.atlas, ["a"])
        XCTAssertEqual(c.timeseries?.standardize.rawValue, "zscore_sample")
        XCTAssertEqual(c.timeseries?.confounds?.strategy, ["motion", "scrub"])
        XCTAssertEqual(c.timeseries?.confounds?.fdThreshold, 0.5)
        XCTAssertEqual(c.connectivity?.kinds.map(\.rawValue), ["correlation", "pearson"])
        XCTAssertEqual(c.graph?.proportional, 0.2)
        XCTAssertNil(c.recurrence)
    }

    func testSchemaListsEveryKeyWithTypeAndDefault() {
        let t = SchemaDocumentation.text()
        XCTAssertTrue(t.contains("stages.timeseries.standardize  (none|zscore_sample|zscore|psc)  default: zscore_sample"), t)
        XCTAssertTrue(t.contains("inputs.atlases[].name  (label (letters and digits), required)"), t)
        XCTAssertTrue(SchemaDocumentation.markdown().contains("| `stages.graph.proportional` |"))
    }

    /// Values are parsed once into the libraries' enums; the CLI's spelling is the name and the
    /// old config spellings are aliases; an absent stage never runs.
    func testChoicesParseIntoLibraryTypesWithAliases() throws {
        let path = "\(dir!)/p.yaml"
        try """
        name: x
        output: out
        inputs: {fmriprep: fmriprep, atlases: [{name: a, image: atlas.nii.gz}]}
        stages:
          timeseries: {}
          connectivity: {kinds: [partial_correlation, partial-correlation, tangent], estimator: ledoit_wolf}
          graph: {proportional: 0.2, matrix: partial_correlation}
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let c = try PipelineConfig.load(path)
        XCTAssertEqual(c.connectivity?.kinds.map(\.rawValue), ["partial-correlation", "partial-correlation", "tangent"])
        XCTAssertEqual(c.connectivity?.estimator.rawValue, "ledoit-wolf")
        XCTAssertEqual(c.graph?.matrix.rawValue, "partial-correlation")
        XCTAssertNil(c.group, "no 'group' in stages: no group step runs")
        XCTAssertNil(c.rsa)
        // the schema lists the CLI's spelling, derived from the library enum
        XCTAssertTrue(SchemaDocumentation.text().contains("ledoit-wolf|empirical"), SchemaDocumentation.text())
        let bad = errors(of: """
        name: x
        output: out
        inputs: {fmriprep: fmriprep, atlases: [{name: a, image: atlas.nii.gz}]}
        stages:
          timeseries: {}
          connectivity: {estimator: emprical}
        """)
        XCTAssertEqual(bad.first?.position, .init(line: 6, column: 29), "\(bad)")
        XCTAssertTrue(bad.first?.message.contains("did you mean 'empirical'") ?? false, "\(bad)")
    }

    func testDidYouMean() {
        XCTAssertEqual(DidYouMean.suggestion(for: "detrnd", among: ["detrend", "standardize"]), "detrend")
        XCTAssertNil(DidYouMean.suggestion(for: "banana", among: ["detrend", "standardize"]))
    }
}
