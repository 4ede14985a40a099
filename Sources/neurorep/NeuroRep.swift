import ArgumentParser
import Provenance

/// The `neurorep` command: a thin layer that parses arguments, calls the stage libraries and
/// prints their results. Numerics and the policies shared with pipelines (noise models of
/// RDMs, figures, identification grids, output writing through `OutputUnit`) live in the
/// libraries; what stays here is argument checking, the names of the user's output files, and
/// printing.
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
            ReportCommand.self,
            SlurmCommand.self,
            StatusCommand.self,
            TimeseriesCommand.self,
            GLMCommand.self,
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
