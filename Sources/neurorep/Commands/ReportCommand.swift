import ArgumentParser
import Foundation
import Report

/// `neurorep report OUTPUT`: the HTML report of a run (`OUTPUT/report.html` and a page per
/// subject in `OUTPUT/report/`).
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write OUTPUT/report.html: a group page (subjects x steps, config and provenance, group results) linking a page per subject."
    )

    @Argument(help: "Output folder of a run (the config's `output`).")
    var output: String

    func run() throws {
        do {
            let w = try RunReport.write(outputRoot: output)
            print("neurorep report: \(w.pages.count) page(s), \(w.bytes / 1024) KiB — open \(URL(fileURLWithPath: output).standardized.path)/report.html")
        } catch {
            FileHandle.standardError.write(Data("neurorep report: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
