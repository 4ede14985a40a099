import ArgumentParser
import Provenance

/// The `neurorep` command: a thin layer that parses arguments, calls the stage libraries and
/// prints or writes their results. No numerics live here.
@main
struct NeuroRep: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "neurorep",
        abstract: "fMRI volumes to answers about representations: ROI time series, connectivity, graphs, recurrence, RSA and shape metrics.",
        version: "\(ToolVersion.name) \(ToolVersion.version)",
        subcommands: [
            InfoCommand.self,
            ReadBenchmarkCommand.self,
            SampleDataCommand.self,
            ConfigCommand.self,
            RunCommand.self,
            SlurmCommand.self,
            TimeseriesCommand.self,
            ConnectivityCommand.self,
            // stage commands register here, one line each
            RDMCommand.self, CompareCommand.self, TRSACommand.self,
            GraphCommand.self,
            VoxelGraphCommand.self, SeedMapCommand.self,
            RecurrenceCommand.self,
            ShapeCommand.self,
        ]
    )

    /// Chooses OpenBLAS's kernels before anything runs, then parses and runs the command.
    static func main() {
        OpenBLASCoreType.ensure()
        main(nil)
    }
}
