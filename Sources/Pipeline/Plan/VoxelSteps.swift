import FMRIWorkflow
import Foundation
import Provenance
import VoxelGraph

/// The voxel branch of a pipeline: per run, the voxel-graph maps and the seed maps (the same
/// library calls as `neurorep voxelgraph` / `neurorep seedmap`, so the files are the CLI's);
/// in the group phase, the mean of each kind of map across subjects.
struct VoxelSteps {
    let context: PlanContext
    var config: PipelineConfig { context.config }

    /// fMRIPrep's brain mask beside a BOLD run (`…_desc-preproc_bold.nii.gz` ->
    /// `…_desc-brain_mask.nii.gz`), when it exists.
    static func brainMask(of run: BOLDRun) -> String? {
        let suffix = "_desc-preproc_bold.nii.gz"
        guard run.bold.hasSuffix(suffix) else { return nil }
        let path = String(run.bold.dropLast(suffix.count)) + "_desc-brain_mask.nii.gz"
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// Cleaning as `stages.timeseries` sets it (its defaults when that stage is absent).
    func cleaning(run: BOLDRun) throws -> VoxelCleaning {
        VoxelCleaning(try FMRISteps(context: context).cleaningParameters(config.timeseries ?? PipelineConfig.Timeseries(), run: run))
    }

    /// A run's map file of one statistic (`desc` for seed maps), as the CLI names it.
    func mapPath(run: BOLDRun, desc: String? = nil, stat: String) -> String {
        context.layout.funcFolder(for: run) + "/" + VoxelGraphWorkflow.stem(bold: run.bold, desc: desc, stat: stat) + ".nii.gz"
    }

    private func unit(run: BOLDRun, step: String, parameters: [String: ProvenanceValue], inputs: [String],
                      body: @escaping (OutputUnit, String, InputChecksums) throws -> Void) throws -> WorkUnit {
        let sums = try context.checksums(inputs)
        let key = WorkUnit.key(step: step, scope: context.layout.prefix(for: run), parameters: .object(parameters), inputChecksums: sums, upstream: [])
        let known = Dictionary(zip(inputs, sums), uniquingKeysWith: { a, _ in a })
        let folder = context.layout.funcFolder(for: run)
        return WorkUnit(subject: run.subject, step: step, key: key) {
            try context.write { out in try body(out, folder, InputChecksums(known: known)) }
        }
    }

    /// The `voxelgraph` unit of one run.
    func voxelGraphUnit(run: BOLDRun) throws -> WorkUnit {
        guard let v = config.voxelgraph else { throw PipelineError("\(config.file): stage 'voxelgraph' is not configured") }
        guard let mask = v.mask ?? Self.brainMask(of: run) else {
            throw ConfigError(file: config.file, position: nil,
                              message: "stage 'voxelgraph' has no 'mask' and \(run.bold) has no fMRIPrep *_desc-brain_mask.nii.gz beside it; set 'stages.voxelgraph.mask'")
        }
        let cleaning = try cleaning(run: run)
        var params = cleaning.provenance.merging(v.rule.provenance) { $1 }
        params["mask"] = .string(mask); params["maps"] = .strings(v.maps.map(\.rawValue))
        let command = context.command, details = context.configDetails
        return try unit(run: run, step: "voxelgraph", parameters: params, inputs: [run.bold, mask] + [cleaning.confoundsPath].compactMap { $0 }) { out, folder, sums in
            _ = try VoxelGraphWorkflow.voxelGraph(bold: run.bold, mask: mask, rule: v.rule, cleaning: cleaning, command: command,
                                                  into: out, folder: folder, checksums: sums, details: details, stats: v.maps)
        }
    }

    /// The target mask of the seed maps of one run: the config's, else the run's brain mask.
    func seedTargetMask(run: BOLDRun) -> String? { config.seedmap?.mask ?? Self.brainMask(of: run) }

    /// The `seedmap` unit of one run: the r and z maps of every seed.
    func seedMapUnit(run: BOLDRun) throws -> WorkUnit {
        guard let s = config.seedmap else { throw PipelineError("\(config.file): stage 'seedmap' is not configured") }
        let mask = seedTargetMask(run: run)
        let cleaning = try cleaning(run: run)
        var params = cleaning.provenance
        params["mask"] = .optional(mask)
        var seedFiles: [String] = []
        params["seeds"] = .strings(s.seeds.map { seed in
            switch seed.region {
            case .mask(let p): seedFiles.append(p); return "\(seed.name): mask \(p)"
            case .atlasLabel(let p, let l): seedFiles.append(p); return "\(seed.name): atlas \(p) label \(l)"
            case .sphere(let x, let y, let z, let r): return "\(seed.name): sphere (\(x), \(y), \(z)) radius \(r)"
            }
        })
        let command = context.command, details = context.configDetails
        let inputs = [run.bold] + seedFiles + [mask, cleaning.confoundsPath].compactMap { $0 }
        return try unit(run: run, step: "seedmap", parameters: params, inputs: inputs) { out, folder, sums in
            for seed in s.seeds {
                _ = try VoxelGraphWorkflow.seedMap(bold: run.bold, seed: seed.region, seedName: seed.name, mask: mask, cleaning: cleaning,
                                                   command: command, into: out, folder: folder, checksums: sums, details: details)
            }
        }
    }

    /// The kinds of per-run map the group averages: (desc, stat) with desc nil for voxel-graph maps.
    var mapKinds: [(desc: String?, stat: String)] {
        (config.voxelgraph?.maps.map { (nil, $0.rawValue) } ?? [])
            + (config.seedmap?.seeds.flatMap { s in ["r", "z"].map { (s.name, $0) } } ?? [])
    }

    /// The group-mean unit: per map kind, the mean across subjects (runs of a subject averaged
    /// first), on one grid, in `group/desc-groupmean_stat-<stat>_boldmap.nii.gz` and
    /// `group/desc-<seed>groupmean_stat-<r|z>_boldmap.nii.gz`.
    func groupMeanUnit(runs: [BOLDRun], upstream: [String]) -> WorkUnit {
        let kinds = mapKinds
        let key = WorkUnit.key(step: "voxel-group-mean", scope: "group", parameters: .strings(kinds.map { ($0.desc ?? "") + ":" + $0.stat }),
                               inputChecksums: [], upstream: upstream)
        let folder = context.layout.groupFolder
        return WorkUnit(subject: WorkUnit.group, step: "voxel maps mean", key: key, dependencies: upstream) {
            let subjects = Array(Set(runs.map(\.subject))).sorted()
            return try context.write { out in
                for kind in kinds {
                    let perSubject = subjects.map { sub in (subject: sub, paths: runs.filter { $0.subject == sub }.map { mapPath(run: $0, desc: kind.desc, stat: kind.stat) }) }
                    let mean = try GroupMeanMap.mean(perSubject)
                    let statistic = kind.stat == "z"
                        ? "mean of the subjects' Fisher z maps (z = arctanh r; each subject's runs averaged first); not transformed back to r"
                        : "mean of the subjects' \(kind.stat) maps (each subject's runs averaged first)"
                    let rec = try context.record(parameters: ["statistic": "mean across subjects", "stat": .string(kind.stat), "seed": .optional(kind.desc)],
                                                 inputs: perSubject.flatMap(\.paths),
                                                 details: ["Statistic": .string(kind.stat), "Description": .string(statistic),
                                                           "Subjects": .strings(subjects), "Runs": .int(mean.runs)])
                    let stem = (kind.desc.map { "desc-\($0)groupmean" } ?? "desc-groupmean") + "_stat-\(kind.stat)_boldmap"
                    try VoxelMapExport.stage([VoxelMapExport.Map(stem: stem, values: mean.values)], voxels: Array(0..<mean.grid.voxelCount),
                                             grid: mean.grid, record: rec, into: out, folder: folder,
                                             holds: "float64 mean map on the subjects' common grid")
                }
            }
        }
    }
}
