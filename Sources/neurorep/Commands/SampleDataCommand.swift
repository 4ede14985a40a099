import ArgumentParser
import Foundation
import Pipeline

/// `neurorep sample-data --out DIR [--seed S]`: writes the synthetic sample study.
struct SampleDataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample-data",
        abstract: "Write the seeded synthetic sample study (3 subjects in fMRIPrep layout: resting-state runs and two object-task runs each with BIDS events; atlas; network activations)."
    )

    @Option(help: "Folder to write the study into.")
    var out: String = "SampleData"

    @Option(help: "Seed of the generator; the same seed gives the same files.")
    var seed: UInt64 = 20261124

    func run() throws {
        try SampleStudy(root: out, seed: seed).generate()
        print("neurorep: wrote the sample study to \(out)")
    }
}
