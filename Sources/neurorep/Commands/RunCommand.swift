import ArgumentParser
import Foundation
import Pipeline

/// `neurorep run CONFIG`: runs a pipeline over every subject, resumably.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a pipeline config over a study: subjects in parallel, resumable, with a run ledger and provenance."
    )

    @Argument(help: "Pipeline config (YAML); see `neurorep config schema`.")
    var config: String

    @Option(help: "Subjects processed in parallel (default: all cores, limited by available memory).")
    var jobs: Int?

    @Flag(help: "Redo every step, even those the run ledger records as done.")
    var force = false

    @Option(help: "Run only a deterministic slice of the subjects, i/n (1-based), e.g. 3/8.")
    var shard: String?

    @Flag(help: "Do not run the group stage (for shards of a job array).")
    var skipGroup = false

    @Flag(help: "Run only the group stage (after every shard finished).")
    var groupOnly = false

    @Option(help: "Output folder (overrides the config's `output`).")
    var out: String?

    func validate() throws {
        if skipGroup && groupOnly { throw ValidationError("--skip-group and --group-only exclude each other") }
        if let s = shard { _ = try Shard(parsing: s) }
        if let j = jobs, j < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        var c = try loadPipelineConfig(config)
        if let o = out { c.output = URL(fileURLWithPath: o).standardized.path }
        var r = PipelineRun(config: c)
        r.jobs = jobs
        r.force = force
        r.shard = try shard.map { try Shard(parsing: $0) }
        r.phases = PipelinePlan.Phases(subjects: !groupOnly, group: !skipGroup)
        r.progress = ProgressDisplay()
        let start = Date()
        let outcomes: [Runner.Outcome]
        do { outcomes = try r.run() } catch {
            FileHandle.standardError.write(Data("neurorep run: \(error)\n".utf8))
            throw ExitCode(1)
        }
        print(RunSummary.table(outcomes))
        let failed = outcomes.filter { $0.state == .failed || $0.state == .blocked }
        print(String(format: "%d steps: %d ran, %d skipped (already done), %d failed — %.1f s with %d job(s). Outputs in %@",
                     outcomes.count, outcomes.filter { $0.state == .ran }.count, outcomes.filter { $0.state == .skipped }.count,
                     failed.count, Date().timeIntervalSince(start), r.effectiveJobs, c.output))
        if !failed.isEmpty { throw ExitCode(1) }
    }
}
