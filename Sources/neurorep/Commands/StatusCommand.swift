import ArgumentParser
import Foundation
import Pipeline

/// `neurorep status OUTPUT`: per subject and step, done / failed / pending, from the output
/// folder's run ledger and the units its config plans. Exit status 1 when a unit failed, so a
/// script can wait for the jobs and then ask; pending units alone are not a failure.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show per subject and step whether a pipeline's work is done, failed (with the first error) or pending.",
        discussion: "Exits with status 1 when any step failed, 0 otherwise (pending steps included)."
    )

    @Argument(help: "Output folder of a pipeline run.")
    var output: String

    @Option(help: "Pipeline config (default: the one recorded in OUTPUT/dataset_description.json).")
    var config: String?

    func run() throws {
        let root = URL(fileURLWithPath: output).standardized.path
        guard FileManager.default.fileExists(atPath: "\(root)/.neurorep/ledger.sqlite") else {
            throw CLIError("neurorep status: \(root) has no run ledger (.neurorep/ledger.sqlite): no pipeline has run there")
        }
        var c = try loadPipelineConfig(try config ?? Self.recordedConfig(root))
        c.output = root
        let status: RunStatus
        do {
            // read-only: asking never changes the output folder, even while runs write to it
            let ledger = try RunLedger(outputRoot: root, readOnly: true)
            status = try RunStatus(units: try PipelinePlan(config: c, ledger: ledger).units, ledger: ledger)
        } catch { throw CLIError("neurorep status: \(error)") }
        print(status.text)
        if status.firstFailure != nil { throw ExitCode(1) }
    }

    /// The config path `neurorep run` recorded in the dataset description.
    static func recordedConfig(_ root: String) throws -> String {
        let path = "\(root)/dataset_description.json"
        guard let data = FileManager.default.contents(atPath: path),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let p = (json["PipelineConfig"] as? [String: Any])?["path"] as? String else {
            throw CLIError("neurorep status: \(path) names no pipeline config (PipelineConfig.path); pass --config")
        }
        return p
    }
}
