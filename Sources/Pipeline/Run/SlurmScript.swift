import Foundation

/// The two Slurm batch scripts of a pipeline: a job array whose task i runs shard i+1 of the
/// subjects (`neurorep run CONFIG --shard i+1/N --skip-group`), and the group stage as its own
/// job. The group job is submitted with `--dependency=afterok:<array job>` by whoever submits
/// the array (`neurorep slurm --submit`, or the two `sbatch` lines of `submitCommands`), not by
/// an array task, so no task needs `sbatch` on its node and a resubmitted task never queues a
/// second group job. Every task logs to `<output>/logs/` (`slurm-<array job>_<task>.out`,
/// `slurm-<job>-group.out`); Slurm does not create that folder, so the writer of the scripts must.
public struct SlurmScript: Sendable {
    public var configPath: String
    /// The output folder every task writes to (passed to `run --out`, so it overrides the config's).
    public var outputPath: String
    public var shards: Int
    public var jobName: String
    /// At most this many array tasks run at once (`--array=0-(N-1)%K`); nil: no limit.
    public var arrayLimit: Int?
    public var neurorep: String = "neurorep"
    public var cpusPerTask: Int = 2
    public var memoryMB: Int = 4096
    public var time: String = "04:00:00"
    public var partition: String?

    public init(configPath: String, outputPath: String, shards: Int, jobName: String) {
        self.configPath = configPath
        self.outputPath = outputPath
        self.shards = shards
        self.jobName = jobName
    }

    /// Where the tasks' logs go.
    public var logDirectory: String { "\(outputPath)/logs" }

    /// `--array` value: task ids 0...N-1, throttled to K at a time when a limit is set.
    public var arraySpec: String { "0-\(shards - 1)" + (arrayLimit.map { "%\($0)" } ?? "") }

    /// The array job: one task per shard, subjects only.
    public var arrayScript: String {
        let run = [Self.shellQuote(neurorep), "run", Self.shellQuote(configPath), "--out", Self.shellQuote(outputPath),
                   "--shard", "\"$((SLURM_ARRAY_TASK_ID + 1))/\(shards)\"", "--skip-group", "--jobs", "\(cpusPerTask)"]
        return script(
            comment: "# NeuroRep pipeline '\(jobName)': \(shards) shard(s) of the subjects, task i runs shard i+1 of \(shards).",
            directives: ["--job-name=\(jobName)", "--array=\(arraySpec)", "--output=\(Self.logPattern(logDirectory))/slurm-%A_%a.out"],
            command: run.joined(separator: " "))
    }

    /// The group job: to be submitted with `--dependency=afterok:<array job>`. It is cancelled,
    /// not left pending forever, when a shard fails (`--kill-on-invalid-dep=yes`).
    public var groupScript: String {
        let run = [Self.shellQuote(neurorep), "run", Self.shellQuote(configPath), "--out", Self.shellQuote(outputPath),
                   "--group-only", "--jobs", "\(cpusPerTask)"]
        return script(
            comment: "# NeuroRep pipeline '\(jobName)': the group stage, after every shard of the array job succeeded.",
            directives: ["--job-name=\(jobName)-group", "--kill-on-invalid-dep=yes",
                         "--output=\(Self.logPattern(logDirectory))/slurm-%j-group.out"],
            command: run.joined(separator: " "))
    }

    /// The `sbatch` arguments of the group job once the array job has the id `arrayJob`.
    public static func groupSubmission(arrayJob: String, groupScriptPath: String) -> [String] {
        ["--dependency=afterok:\(arrayJob)", groupScriptPath]
    }

    /// Shell lines that submit both scripts by hand, the group job depending on the array.
    public static func submitCommands(arrayScriptPath: String, groupScriptPath: String) -> String {
        "array=$(sbatch --parsable \(shellQuote(arrayScriptPath))) && sbatch --dependency=afterok:${array%%;*} \(shellQuote(groupScriptPath))"
    }

    private func script(comment: String, directives: [String], command: String) -> String {
        var all = directives + ["--cpus-per-task=\(cpusPerTask)", "--mem=\(memoryMB)M", "--time=\(time)"]
        if let p = partition { all.append("--partition=\(p)") }
        var lines = ["#!/bin/bash", comment, "# Written by `neurorep slurm`; submit it with `neurorep slurm --submit` (or see its output)."]
        lines += all.map { "#SBATCH \(Self.directiveQuote($0))" }
        lines += ["set -euo pipefail", "exec \(command)"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// A word for bash: bare when it holds only safe characters, else in single quotes.
    public static func shellQuote(_ s: String) -> String {
        !s.isEmpty && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "/._-+=:,@%".contains($0)) }
            ? s : "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// A word for an `#SBATCH` line, which sbatch splits at white space and cuts at an unquoted
    /// `#`; in double quotes only `"` and `\` need a backslash (sbatch's `_get_argument`).
    public static func directiveQuote(_ s: String) -> String {
        guard s.contains(where: { $0.isWhitespace || "\"'\\#".contains($0) }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// A folder as the literal part of a Slurm file-name pattern: `%` written as `%%`.
    static func logPattern(_ folder: String) -> String { folder.replacingOccurrences(of: "%", with: "%%") }
}
