import Dispatch
import FMRIWorkflow
import Foundation
import NIfTI
import Provenance
import ROIExtraction

/// The `voxelgraph` and `seedmap` stages for one BOLD run: read, clean, compute, and write the
/// maps with their sidecars (`VoxelMapExport`). The CLI and (later) pipeline stages call these.
public enum VoxelGraphWorkflow {
    /// Output stems: `<entities>_stat-<stat>_boldmap` and `<entities>_desc-<seed>_stat-<stat>_boldmap`,
    /// `<entities>` = `sub-X[_ses-Y][_task-Z][_run-W]` of the BOLD file.
    public static func stem(bold: String, desc: String? = nil, stat: String) -> String {
        let prefix = BIDSName(path: bold).keptPrefix(fallbackStem: BIDSName.stem(of: bold))
        return prefix + (desc.map { "_desc-\($0)" } ?? "") + "_stat-\(stat)_boldmap"
    }

    public struct GraphOutcome {
        public let series: NormalizedVoxelSeries
        public let maps: VoxelGraphMaps
        public let written: [String]
        public let warnings: [String]
        /// Wall seconds per step: read + clean, the maps' steps (`VoxelGraphMaps.timings`), write.
        public let timings: [(step: String, seconds: Double)]
    }

    /// `neurorep voxelgraph`: the six maps of one run, written into `outputFolder`.
    public static func voxelGraph(bold boldPath: String, mask maskPath: String, rule: EdgeRule, cleaning: VoxelCleaning,
                                  outputFolder: String, command: String, solver: LeadingEigenvector = .init()) throws -> GraphOutcome {
        var outcome: GraphOutcome?
        try OutputUnit.write(root: outputFolder) { unit in
            outcome = try voxelGraph(bold: boldPath, mask: maskPath, rule: rule, cleaning: cleaning, command: command,
                                     into: unit, folder: unit.root, solver: solver)
        }
        guard let o = outcome else { throw OutputUnitError("\(outputFolder): nothing written (an internal error)") }
        return o
    }

    /// The maps of one run staged into `unit` under `folder` (the CLI's and the pipeline's
    /// `voxelgraph` stage share this). `checksums` may carry checksums already known (nil:
    /// hashed here), `details` are added to every sidecar, `stats` chooses the maps written
    /// (all are computed: they share the graph).
    public static func voxelGraph(bold boldPath: String, mask maskPath: String, rule: EdgeRule, cleaning: VoxelCleaning, command: String,
                                  into unit: OutputUnit, folder: String, checksums known: InputChecksums? = nil,
                                  details extra: [String: ProvenanceValue] = [:], stats: [VoxelMapStat] = VoxelMapStat.allCases,
                                  solver: LeadingEigenvector = .init()) throws -> GraphOutcome {
        try rule.validate()
        let checksums = known ?? InputChecksums(paths: [boldPath, maskPath] + [cleaning.confoundsPath].compactMap { $0 })
        let started = DispatchTime.now().uptimeNanoseconds
        func since(_ t: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - t) / 1e9 }
        let bold = try NIfTIImage(path: boldPath)
        let grid = VoxelGrid(header: bold.header)
        let mask = try VoxelMask.read(path: maskPath, on: grid, boldPath: boldPath)
        let series = try NormalizedVoxelSeries.prepare(bold: bold, mask: mask, cleaning: cleaning)
        let prepared = since(started)
        guard series.count >= 2 else {
            throw VoxelGraphError(path: maskPath, kind: .emptyMask,
                                  detail: "with the BOLD run \(boldPath), the mask leaves \(series.count) usable voxel(s) of \(mask.indices.count) (\(series.constantVoxels.count) constant, \(series.nonFiniteVoxels.count) with NaN/inf): a graph needs at least 2")
        }
        let coordinates = mask.coordinates(of: series.voxels)
        let maps = try VoxelGraphMaps.compute(series, rule: rule, coordinates: coordinates, solver: solver,
                                              triangleGroups: Triangles.spatialGroups(voxels: series.voxels, nx: grid.nx, ny: grid.ny))
        var parameters = cleaning.provenance
        for (k, v) in rule.provenance { parameters[k] = v }
        parameters["bold"] = .string(boldPath); parameters["mask"] = .string(maskPath)
        let warnings = series.warnings + maps.warnings
        var record = ProvenanceRecord(command: command, parameters: parameters, details: [
            "Source": .string(boldPath),
            "MaskVoxels": .int(mask.indices.count),
            "GraphVoxels": .int(series.count),
            "ConstantVoxels": .int(series.constantVoxels.count),
            "NonFiniteVoxels": .int(series.nonFiniteVoxels.count),
            "Edges": .int(maps.edgeCount),
            "CandidatePairs": .int(maps.candidatePairs),
            "Density": .double(maps.candidatePairs == 0 ? 0 : Double(maps.edgeCount) / Double(maps.candidatePairs)),
            "WeakestEdge": .optional(maps.weakestEdgeKey),
            "KeptVolumes": .ints(series.keptVolumes),
            "CensoredVolumes": .ints(series.removedVolumes),
            "RepetitionTime": .optional(series.repetitionTime),
            "RepetitionTimeSource": .string(series.repetitionTimeSource),
            "ConfoundColumns": .strings(series.confoundColumns),
            "CorrelationPrecision": .string(VoxelGraphBuilder.precisionNote(rule)),
            "Warnings": .strings(warnings),
        ])
        for (k, v) in extra { record.details[k] = v }
        try checksums.add([boldPath, maskPath] + [cleaning.confoundsPath].compactMap { $0 }, to: &record)
        let solveDetails: (LeadingEigenvector.Result, LeadingEigenvector) -> ProvenanceValue = { r, s in
            .object(["method": .string("restarted Lanczos, full reorthogonalisation"), "tolerance": .double(s.tolerance),
                     "relative_residual": .double(r.relativeResidual), "products": .int(r.products), "eigenvalue": .double(r.value),
                     "converged": .bool(r.converged)])
        }
        let descriptions: [String: String] = [
            "degree": "number of edges of the voxel",
            "strength": "sum of r over the voxel's edges",
            "triangles": "3-cycles (triangles) through the voxel",
            "clustering": "local clustering 2t / (k (k - 1)), 0 when k < 2",
            "eigenvector": "principal eigenvector of the binary adjacency, unit L2 norm, non-negative",
            "ecm": "fast eigenvector centrality (Wink et al. 2012, AFNI 3dECM -fecm): principal eigenvector of (R + 1) / 2 over all voxel pairs, unit L2 norm",
        ]
        let chosen = Set(stats.map(\.rawValue))
        let out = maps.named.filter { chosen.contains($0.stat) }.map { m -> VoxelMapExport.Map in
            var d: [String: ProvenanceValue] = ["Statistic": .string(m.stat), "Description": .string(descriptions[m.stat] ?? m.stat)]
            if m.stat == "eigenvector" { d["Solver"] = solveDetails(maps.eigenvectorSolve, solver) }
            if m.stat == "ecm" { d["Solver"] = solveDetails(maps.ecmSolve, solver) }
            return VoxelMapExport.Map(stem: stem(bold: boldPath, stat: m.stat), values: m.values, details: d)
        }
        let writeStarted = DispatchTime.now().uptimeNanoseconds
        let written = try VoxelMapExport.stage(out, voxels: series.voxels, grid: grid, record: record, into: unit, folder: folder)
        let timings = [("read+clean", prepared)] + maps.timings + [("write", since(writeStarted))]
        return GraphOutcome(series: series, maps: maps, written: written, warnings: warnings, timings: timings)
    }

    public struct SeedOutcome {
        public let series: NormalizedVoxelSeries
        public let correlation: SeedCorrelation
        public let seedVoxels: Int
        public let written: [String]
        public let warnings: [String]
    }

    /// `neurorep seedmap`: r and Fisher z maps of one seed, written into `outputFolder`.
    public static func seedMap(bold boldPath: String, seed: SeedRegion, seedName: String?, mask maskPath: String?,
                               cleaning: VoxelCleaning, outputFolder: String, command: String) throws -> SeedOutcome {
        var outcome: SeedOutcome?
        try OutputUnit.write(root: outputFolder) { unit in
            outcome = try seedMap(bold: boldPath, seed: seed, seedName: seedName, mask: maskPath, cleaning: cleaning, command: command,
                                  into: unit, folder: unit.root)
        }
        guard let o = outcome else { throw OutputUnitError("\(outputFolder): nothing written (an internal error)") }
        return o
    }

    /// The r and Fisher z maps of one seed staged into `unit` under `folder` (the CLI's and
    /// the pipeline's `seedmap` stage share this). Without a mask every voxel of the
    /// BOLD grid is a target; constant ones (outside the brain) are 0 and counted, and are
    /// found by a first streaming pass so they are never held in memory.
    public static func seedMap(bold boldPath: String, seed: SeedRegion, seedName: String?, mask maskPath: String?,
                               cleaning: VoxelCleaning, command: String, into unit: OutputUnit, folder: String,
                               checksums known: InputChecksums? = nil, details extra: [String: ProvenanceValue] = [:]) throws -> SeedOutcome {
        var seedFiles: [String] = []
        switch seed {
        case .mask(let p): seedFiles = [p]
        case .atlasLabel(let p, _): seedFiles = [p]
        case .sphere: break
        }
        let inputs = [boldPath] + seedFiles + [maskPath, cleaning.confoundsPath].compactMap { $0 }
        let checksums = known ?? InputChecksums(paths: inputs)
        let bold = try NIfTIImage(path: boldPath)
        let grid = VoxelGrid(header: bold.header)
        // Without a mask: the voxels that vary over time (a first streaming pass), so the
        // constant background never enters memory; the rest of the grid counts as constant.
        let mask: VoxelMask
        var skipped = 0
        if let maskPath {
            mask = try VoxelMask.read(path: maskPath, on: grid, boldPath: boldPath)
        } else {
            mask = VoxelMask(grid: grid, indices: try BOLDVoxelReader.varyingVoxels(bold), source: "the BOLD run's varying voxels")
            skipped = grid.voxelCount - mask.indices.count
        }
        let seedVoxels = try seed.voxels(on: grid)
        let series = try NormalizedVoxelSeries.prepare(bold: bold, mask: mask, cleaning: cleaning, seed: seedVoxels)
        guard series.count >= 1 else {
            throw VoxelGraphError(path: maskPath ?? boldPath, kind: .emptyMask,
                                  detail: "no usable voxel in the BOLD run \(boldPath): all \(mask.indices.count + skipped) are constant or have NaN/inf values")
        }
        let corr = try SeedCorrelation(series: series)
        let name = BIDSName.label(from: seedName ?? seed.defaultName)
        var parameters = cleaning.provenance
        parameters["bold"] = .string(boldPath); parameters["mask"] = .optional(maskPath)
        switch seed {
        case .mask(let p): parameters["seed_mask"] = .string(p)
        case .atlasLabel(let p, let l): parameters["seed_atlas"] = .string(p); parameters["seed_label"] = .double(l)
        case .sphere(let x, let y, let z, let r): parameters["seed_coords"] = .doubles([x, y, z]); parameters["radius"] = .double(r)
        }
        parameters["seed_name"] = .string(name)
        var record = ProvenanceRecord(command: command, parameters: parameters, details: [
            "Source": .string(boldPath),
            "SeedVoxels": .int(seedVoxels.count),
            "TargetVoxels": .int(mask.indices.count + skipped),
            "UsableVoxels": .int(series.count),
            "ConstantVoxels": .int(series.constantVoxels.count + skipped),
            "NonFiniteVoxels": .int(series.nonFiniteVoxels.count),
            "KeptVolumes": .ints(series.keptVolumes),
            "CensoredVolumes": .ints(series.removedVolumes),
            "RepetitionTime": .optional(series.repetitionTime),
            "RepetitionTimeSource": .string(series.repetitionTimeSource),
            "ConfoundColumns": .strings(series.confoundColumns),
            "Warnings": .strings(series.warnings),
        ])
        for (k, v) in extra { record.details[k] = v }
        try checksums.add(inputs, to: &record)
        let maps = [
            VoxelMapExport.Map(stem: stem(bold: boldPath, desc: name, stat: "r"), values: corr.r,
                               details: ["Statistic": .string("r"), "Description": .string("Pearson correlation with the seed's mean series")]),
            VoxelMapExport.Map(stem: stem(bold: boldPath, desc: name, stat: "z"), values: corr.z,
                               details: ["Statistic": .string("z"), "Description": .string("Fisher z = arctanh(r), r clipped to [-1 + 2^-52, 1 - 2^-52]")]),
        ]
        let written = try VoxelMapExport.stage(maps, voxels: series.voxels, grid: grid, record: record, into: unit, folder: folder)
        return SeedOutcome(series: series, correlation: corr, seedVoxels: seedVoxels.count, written: written, warnings: series.warnings)
    }
}
