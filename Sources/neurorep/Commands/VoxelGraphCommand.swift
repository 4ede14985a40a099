import ArgumentParser
import FMRIWorkflow
import Foundation
import VoxelGraph

/// `neurorep voxelgraph`: a graph over every in-mask voxel pair of one BOLD run and its
/// per-voxel maps (degree, strength, triangles, clustering, eigenvector, ecm) as NIfTI.
struct VoxelGraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "voxelgraph",
        abstract: "Voxel-wise network maps: degree, strength, triangles, clustering, eigenvector and fast ECM over every in-mask voxel pair.",
        discussion: """
        Voxel series are cleaned as `timeseries` cleans ROI series, correlated in blocks through BLAS (float64, never \
        N x N in memory), and pairs become edges by --threshold (r > T, or |r| > T with --sign absolute) or --density \
        (the top fraction of pairs, exact, ties by pair order). Writes <out>/<entities>_stat-<degree|strength|triangles|\
        clustering|eigenvector|ecm>_boldmap.nii.gz (float64, the mask's grid, 0 outside) with a .json provenance sidecar \
        each. Constant voxels are left out (0 in every map) and counted on stderr and in the sidecars.
        """
    )

    @Option(name: .long, help: "BOLD run (4D NIfTI).")
    var bold: String

    @Option(name: .long, help: "Brain mask on the BOLD grid (non-zero = inside): the graph's nodes.")
    var mask: String

    @Option(name: .long, parsing: .unconditional, help: "Edges where r > T (or |r| > T with --sign absolute).")
    var threshold: Double?

    @Option(name: .long, parsing: .unconditional, help: "Edges: the top fraction D of voxel pairs by r (or |r|), 0 < D <= 1.")
    var density: Double?

    @Option(name: .long, help: "positive (rank/threshold r) or absolute (|r|).")
    var sign: String = "positive"

    @Option(name: .customLong("exclude-radius"), parsing: .unconditional, help: "Drop pairs of voxels closer than this many mm (local smoothness).")
    var excludeRadius: Double?

    @Flag(name: .long, help: "Print the wall time of each step on stderr (read+clean, graph and its correlation products, triangles, eigenvector, ecm, write).")
    var timings = false

    @OptionGroup var cleaning: CleaningFlags

    @Option(name: .long, help: "Output folder.")
    var out: String

    func validate() throws {
        guard (threshold == nil) != (density == nil) else { throw ValidationError("give exactly one of --threshold and --density") }
        guard EdgeRule.Sign(rawValue: sign) != nil else { throw ValidationError("--sign must be positive or absolute, got '\(sign)'") }
        guard cleaning.confoundOptions.confounds.count <= 1 else { throw ValidationError("--confounds: give one confounds TSV for the one --bold run") }
        do { try rule.validate() } catch { throw ValidationError("\(error)") }
    }

    var rule: EdgeRule {
        EdgeRule(selection: threshold.map { .threshold($0) } ?? .density(density ?? 0),
                 sign: EdgeRule.Sign(rawValue: sign) ?? .positive, excludeRadius: excludeRadius)
    }

    func run() throws {
        var p = FCParameters(atlasPath: "")
        try cleaning.apply(to: &p)
        do {
            let outcome = try VoxelGraphWorkflow.voxelGraph(bold: bold, mask: mask, rule: rule, cleaning: VoxelCleaning(p),
                                                            outputFolder: out, command: "neurorep voxelgraph")
            for w in outcome.warnings { FileHandle.standardError.write(Data("warning: \(w)\n".utf8)) }
            let s = outcome.series, m = outcome.maps
            print("\(bold): \(s.count) voxels x \(s.length) volumes, \(m.edgeCount) edges of \(m.candidatePairs) pairs, \(s.constantVoxels.count) constant, \(s.nonFiniteVoxels.count) with NaN/inf")
            print("wrote \(outcome.written.count) maps to \(out)")
            if timings {
                let text = outcome.timings.map { "\($0.step) \(String(format: "%.3f", $0.seconds))" }.joined(separator: ", ")
                FileHandle.standardError.write(Data("timings (s): \(text)\n".utf8))
            }
        } catch {
            throw CLIError(error)
        }
    }
}
