import ArgumentParser
import Foundation
import Pipeline

/// `neurorep config check FILE` and `neurorep config schema`.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Validate pipeline configs and list their keys.",
        subcommands: [Check.self, Schema.self]
    )

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a pipeline config without running it: every problem with its line and column."
        )
        @Argument(help: "Pipeline config (YAML).")
        var file: String

        func run() throws {
            do {
                let c = try PipelineConfig.load(file)
                var found: [String] = []
                if c.fmriprep != nil || !c.bold.isEmpty {
                    let runs = try Discovery.runs(for: c)
                    let subjects = Set(runs.map(\.subject)).sorted()
                    found.append("\(runs.count) BOLD run(s) of \(subjects.count) subject(s) (\(subjects.map { "sub-\($0)" }.joined(separator: ", ")))")
                }
                if c.glm != nil {
                    let runs = try Discovery.taskRuns(for: c)
                    found.append("\(runs.count) task run(s) with events for the glm stage")
                }
                if c.betas != nil {
                    let maps = try Discovery.betaMaps(for: c)
                    found.append("beta maps of \(maps.count) subject(s)")
                }
                if !c.activations.isEmpty { found.append("activations of \(c.activations.count) network(s)") }
                print("\(file): OK — \(found.joined(separator: "; ")); outputs in \(c.output)")
            } catch let e as ConfigErrors {
                FileHandle.standardError.write(Data((e.description + "\n").utf8))
                throw ExitCode(1)
            } catch {
                FileHandle.standardError.write(Data("\(error)\n".utf8))
                throw ExitCode(1)
            }
        }
    }

    struct Schema: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print every config key with its type, default and meaning.")
        @Flag(help: "As a markdown table.")
        var markdown = false

        func run() {
            print(markdown ? SchemaDocumentation.markdown() : SchemaDocumentation.text())
        }
    }
}
