import ArgumentParser
import AtomicFiles
import LinearAlgebra
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

    /// Chooses OpenBLAS's kernels and sets it to one thread (NeuroRep's policy, `BLASThreads`:
    /// NeuroRep's own loops use the cores) before anything runs, then parses and runs the command.
    /// Every way out, success or error, first stops and joins the background work (input
    /// hashing): `exit` runs libcrypto's clean-up, which a digest still running on another
    /// thread would crash into (issue 12, finding 2).
    static func main() {
        OpenBLASCoreType.ensure()
        BLASThreads.configure()
        do {
            var command = try parseAsRoot(nil)
            try command.run()
        } catch {
            BackgroundWork.process.cancelAndJoin()
            // a raw Foundation error that escaped a command is put in words (FileSystemError)
            let wrapped = FileSystemError.wrapping(error, path: "output")
            exit(withError: wrapped is FileSystemError ? CLIError("\(wrapped)") : error)
        }
        BackgroundWork.process.cancelAndJoin()
    }
}
