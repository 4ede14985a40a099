import Foundation
@testable import Pipeline

/// The repository's pipeline configs as the tests load them: the YAML copied to a temporary file
/// (the repository may be read-only) with its `../SampleData` paths made absolute, and the output
/// folder set by the test. One loader for every pipeline test.
enum ShippedConfigs {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// The text of `Pipelines/<name>`.
    static func text(_ name: String) throws -> String {
        try String(contentsOfFile: repo + "/Pipelines/\(name)", encoding: .utf8)
    }

    /// Parses `text` (after `edit`) as a config file beside nothing, writing to `output`.
    static func load(_ text: String, output: String, edit: (String) -> String = { $0 }) throws -> PipelineConfig {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("config-\(UUID()).yaml").path
        try edit(text.replacingOccurrences(of: "../SampleData", with: repo + "/SampleData"))
            .write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var c = try PipelineConfig.load(path)
        c.output = output
        return c
    }

    /// `Pipelines/<name>` loaded as `load` does.
    static func load(pipeline name: String, output: String, edit: (String) -> String = { $0 }) throws -> PipelineConfig {
        try load(try text(name), output: output, edit: edit)
    }
}
