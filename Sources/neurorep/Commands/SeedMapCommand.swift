import ArgumentParser
import FMRIWorkflow
import Foundation
import VoxelGraph

/// `neurorep seedmap`: seed-to-voxel correlation (r) and Fisher z maps of one BOLD run.
struct SeedMapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seedmap",
        abstract: "Seed-to-voxel correlation maps (r and Fisher z) from a seed mask, an atlas label or an MNI sphere.",
        discussion: """
        The seed's mean series and every voxel series are cleaned as `timeseries` cleans ROI series (nilearn's \
        NiftiSpheresMasker + NiftiMasker recipe). Spheres follow nilearn's NiftiSpheresMasker: voxels within --radius mm of \
        the coordinate, plus the nearest voxel. Writes <out>/<entities>_desc-<seed>_stat-<r|z>_boldmap.nii.gz (float64, \
        0 outside the mask and at constant voxels) with .json provenance sidecars.
        """
    )

    @Option(name: .long, help: "BOLD run (4D NIfTI).")
    var bold: String

    @Option(name: .customLong("seed-mask"), help: "Seed: the non-zero voxels of this 3D image.")
    var seedMask: String?

    @Option(name: .customLong("seed-atlas"), help: "Seed: a 3D label atlas (with --seed-label).")
    var seedAtlas: String?

    @Option(name: .customLong("seed-label"), parsing: .unconditional, help: "The atlas label of the seed.")
    var seedLabel: Double?

    /// Read unconditionally: MNI coordinates left of the midline start with '-' ("-2,0,2"),
    /// which ArgumentParser would otherwise take for a short option and report as a missing value.
    @Option(name: .customLong("seed-coords"), parsing: .unconditional, help: "Seed: a sphere around X,Y,Z (mm, the BOLD image's world space, e.g. MNI), with --radius.")
    var seedCoords: String?

    @Option(name: .long, parsing: .unconditional, help: "Sphere radius in mm.")
    var radius: Double?

    @Option(name: .customLong("seed-name"), help: "Name in desc-<seed> (default: from the seed's file, label or coordinates).")
    var seedName: String?

    @Option(name: .long, help: "Target voxels: a mask on the BOLD grid (default: every voxel of the grid).")
    var mask: String?

    @OptionGroup var cleaning: CleaningFlags

    @Option(name: .long, help: "Output folder.")
    var out: String

    func validate() throws {
        let given = [seedMask != nil, seedAtlas != nil, seedCoords != nil].filter { $0 }.count
        guard given == 1 else { throw ValidationError("give exactly one seed: --seed-mask, --seed-atlas with --seed-label, or --seed-coords with --radius") }
        if seedAtlas != nil && seedLabel == nil { throw ValidationError("--seed-atlas needs --seed-label") }
        if seedAtlas == nil && seedLabel != nil { throw ValidationError("--seed-label needs --seed-atlas") }
        if seedCoords != nil && radius == nil { throw ValidationError("--seed-coords needs --radius (mm; 0 takes the nearest voxel only)") }
        if seedCoords == nil && radius != nil { throw ValidationError("--radius needs --seed-coords") }
        if let r = radius, !(r.isFinite && r >= 0) { throw ValidationError("--radius must be a non-negative distance in mm, got \(r)") }
        if let c = seedCoords, Self.coordinates(c) == nil { throw ValidationError("--seed-coords must be three numbers X,Y,Z, got '\(c)'") }
        guard cleaning.confoundOptions.confounds.count <= 1 else { throw ValidationError("--confounds: give one confounds TSV for the one --bold run") }
    }

    static func coordinates(_ text: String) -> (Double, Double, Double)? {
        // Empty fields kept: "-2,0,2," or "-2,,0,2" is a typo to report, not three numbers.
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 3, let x = parts[0], let y = parts[1], let z = parts[2], x.isFinite, y.isFinite, z.isFinite else { return nil }
        return (x, y, z)
    }

    var seed: SeedRegion {
        if let m = seedMask { return .mask(path: m) }
        if let a = seedAtlas { return .atlasLabel(path: a, label: seedLabel ?? 0) }
        let c = Self.coordinates(seedCoords ?? "") ?? (0, 0, 0)
        return .sphere(x: c.0, y: c.1, z: c.2, radius: radius ?? 0)
    }

    func run() throws {
        var p = FCParameters(atlasPath: "")
        try cleaning.apply(to: &p)
        do {
            let outcome = try VoxelGraphWorkflow.seedMap(bold: bold, seed: seed, seedName: seedName, mask: mask, cleaning: VoxelCleaning(p),
                                                         outputFolder: out, command: "neurorep seedmap")
            for w in outcome.warnings { FileHandle.standardError.write(Data("warning: \(w)\n".utf8)) }
            let s = outcome.series
            print("\(bold): seed of \(outcome.seedVoxels) voxel(s), \(s.count) target voxels x \(s.length) volumes")
            print("wrote \(outcome.written.count) maps to \(out)")
        } catch {
            throw CLIError(error)
        }
    }
}
