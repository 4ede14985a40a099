import AtomicFiles
import Foundation
import Provenance

/// `neurorep run` as a library call: prepares the output dataset, plans, runs, and reports.
public struct PipelineRun {
    public var config: PipelineConfig
    public var jobs: Int?
    public var force = false
    public var shard: Shard?
    public var phases = PipelinePlan.Phases()
    public var progress: ProgressDisplay?

    public init(config: PipelineConfig) { self.config = config }

    /// Subjects in parallel by default: all cores, but no more than the available memory allows
    /// at `run.memory_per_job_mb` per subject.
    public var effectiveJobs: Int {
        if let j = jobs ?? config.jobs { return max(1, j) }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let availableMB = Self.availableMemoryMB() ?? Int.max
        return max(1, min(cores, availableMB / max(1, config.memoryPerJobMB)))
    }

    /// Runs the pipeline; returns every unit's outcome.
    public func run() throws -> [Runner.Outcome] {
        let root = config.output
        try config.checkOutput()
        let fresh = !FileManager.default.fileExists(atPath: root)
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let ledger: RunLedger, plan: PipelinePlan
        do {
            // staging folders of processes that are gone (killed runs); live runs' work is left alone
            StagingOwner.removeAbandoned(in: OutputLayout(root: root).stagingFolder)
            try writeDatasetDescription()
            ledger = try RunLedger(outputRoot: root)
            plan = try PipelinePlan(config: config, ledger: ledger, shard: shard, phases: phases)
        } catch {
            if fresh { Self.removeUnplannedOutput(root) }
            throw error
        }
        let runner = Runner(ledger: ledger, jobs: effectiveJobs, force: force, progress: progress)
        if let k = ProcessInfo.processInfo.environment["NEUROREP_TEST_ABORT_AFTER_UNITS"].flatMap({ Int($0) }) { runner.abortAfterUnits = k }
        return runner.run(plan.units)
    }

    /// BIDS derivatives' `dataset_description.json` (deterministic: no timestamps).
    func writeDatasetDescription() throws {
        let v: ProvenanceValue = [
            "Name": .string(config.name),
            "BIDSVersion": "1.9.0",
            "DatasetType": "derivative",
            "GeneratedBy": .array([.object(["Name": .string(ToolVersion.name), "Version": .string(ToolVersion.version),
                                            "Description": .optional(config.description)])]),
            "SourceDatasets": .array([config.fmriprep, config.betas.map { URL(fileURLWithPath: $0.pattern).deletingLastPathComponent().path },
                                      config.glm.flatMap { $0.events ?? config.fmriprep.flatMap(Discovery.bidsRoot(ofDerivatives:)) }]
                .compactMap { $0 }.map { .object(["URL": .string("file://" + $0)]) }),
            "PipelineConfig": .object(["path": .string(config.file), "sha256": .string(SHA256.hexDigest(of: config.text))]),
        ]
        let path = "\(config.output)/dataset_description.json"
        let text = v.jsonText() + "\n"
        // every shard writes the same bytes; leave an identical file alone
        if FileManager.default.contents(atPath: path) == Data(text.utf8) { return }
        try AtomicFile.write(text, to: path)
    }

    /// A config that cannot be planned leaves no output: a folder this run created holds only
    /// the dataset description and the ledger (planning caches input checksums in it), both
    /// removed. A folder that holds anything else (another run's outputs) is left as it is.
    static func removeUnplannedOutput(_ root: String) {
        let fm = FileManager.default
        guard let entries = try? fm.contentsOfDirectory(atPath: root),
              Set(entries).isSubset(of: ["dataset_description.json", OutputLayout.stateFolderName]) else { return }
        try? fm.removeItem(atPath: root)
    }

    static func availableMemoryMB() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("MemAvailable:") }),
              let kb = Int(line.split(separator: " ").dropFirst().first ?? "") else { return nil }
        return kb / 1024
    }
}
