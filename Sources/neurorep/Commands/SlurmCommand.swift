import ArgumentParser
import Foundation
import AtomicFiles
import Pipeline

/// `neurorep slurm CONFIG --shards N [--array-limit K] [--submit]`: writes the pipeline's Slurm
/// scripts (a job array of shard tasks and a group job) and, with `--submit`, submits both.
struct SlurmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slurm",
        abstract: "Write (and with --submit, submit) a Slurm job array of shard tasks plus a group job that depends on it.",
        discussion: """
            Writes <scripts>/<name>-shards.sbatch (array task i runs `neurorep run CONFIG --shard i+1/N --skip-group`) and \
            <scripts>/<name>-group.sbatch (`--group-only`). --submit runs `sbatch` on the first, then \
            `sbatch --dependency=afterok:<array job>` on the second, and prints both job ids. Task logs go to <output>/logs/.
            """
    )

    @Argument(help: "Pipeline config (YAML).")
    var config: String

    @Option(help: "Number of shards (array tasks).")
    var shards: Int = 8

    @Option(help: "Run at most this many array tasks at once (--array=0-(N-1)%K).")
    var arrayLimit: Int?

    @Flag(help: "Submit both scripts with sbatch (the group job after the array) and print the job ids.")
    var submit = false

    @Option(help: "Output folder (overrides the config's `output`, as in `neurorep run --out`).")
    var out: String?

    @Option(help: "Folder for the two scripts (default: <output>/slurm).")
    var scripts: String?

    @Option(help: "CPUs per task (also the --jobs of each shard).")
    var cpus: Int = 2

    @Option(help: "Memory per task, in MB.")
    var memory: Int = 4096

    @Option(help: "Wall-time limit per task (HH:MM:SS).")
    var time: String = "04:00:00"

    @Option(help: "Slurm partition.")
    var partition: String?

    @Option(help: "Path of the neurorep executable on the cluster (default: this executable).")
    var neurorep: String?

    func validate() throws {
        guard shards >= 1 else { throw ValidationError("--shards must be at least 1") }
        if let k = arrayLimit, k < 1 { throw ValidationError("--array-limit must be at least 1") }
        guard cpus >= 1 else { throw ValidationError("--cpus must be at least 1") }
        guard memory >= 1 else { throw ValidationError("--memory must be at least 1") }
    }

    func run() throws {
        let c = try loadPipelineConfig(config)
        let output = out.map { URL(fileURLWithPath: $0).standardized.path } ?? c.output
        var s = SlurmScript(configPath: URL(fileURLWithPath: config).standardized.path, outputPath: output, shards: shards, jobName: c.name)
        s.arrayLimit = arrayLimit
        s.cpusPerTask = cpus
        s.memoryMB = memory
        s.time = time
        s.partition = partition
        s.neurorep = neurorep ?? Bundle.main.executablePath ?? "neurorep"
        let folder = scripts.map { URL(fileURLWithPath: $0).standardized.path } ?? "\(output)/slurm"
        let arrayPath = "\(folder)/\(c.name)-shards.sbatch", groupPath = "\(folder)/\(c.name)-group.sbatch"
        do {
            // Slurm opens each task's log before the task starts and does not create its folder
            try FileManager.default.createDirectory(atPath: s.logDirectory, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try AtomicFile.write(s.arrayScript, to: arrayPath)
            try AtomicFile.write(s.groupScript, to: groupPath)
        } catch { throw CLIError("neurorep slurm: \(error)") }
        print("neurorep: wrote \(arrayPath) (\(shards) array task(s)) and \(groupPath); logs go to \(s.logDirectory)/")
        guard submit else {
            print("submit them with `neurorep slurm ... --submit`, or: \(SlurmScript.submitCommands(arrayScriptPath: arrayPath, groupScriptPath: groupPath))")
            return
        }
        let jobs: SlurmSubmission.Jobs
        do { jobs = try SlurmSubmission.submit(arrayScriptPath: arrayPath, groupScriptPath: groupPath) } catch {
            throw CLIError("neurorep slurm: \(error)")
        }
        print("submitted array job \(jobs.array) (\(shards) task(s), \(s.arraySpec))")
        print("submitted group job \(jobs.group) (afterok:\(jobs.array))")
        print("follow it with: neurorep status \(SlurmScript.shellQuote(output))")
    }
}
