import Figures
import Foundation
import NIfTI

/// Slices of the NIfTI maps a run wrote (the `glm` stage's `…_stat-z_statmap.nii.gz`, the
/// `voxelgraph`/`seedmap` stages' `…_stat-<stat>_boldmap.nii.gz` and their group means), read
/// through the NIfTI module one 3D volume at a time: a map with more than one volume (the
/// stacked condition effects) is listed, not drawn.
struct MapFigures {
    let outputs: RunOutputs
    /// At most this many GLM maps are drawn per page; the rest are linked.
    static let glmLimit = 6
    /// At most this many voxel maps per page: one run's two seeds' z maps and six graph maps.
    static let voxelLimit = 8

    static func isMap(_ f: OutputFile) -> Bool { f.fileExtension == "nii.gz" || f.fileExtension == "nii" }

    /// The GLM z maps of a subject (one per contrast).
    static func glmMaps(_ files: [OutputFile]) -> [OutputFile] {
        files.filter { $0.path.contains("/glm/") && $0.suffix == "statmap" && $0.entities["stat"] == "z" && isMap($0) }
    }

    /// Voxel-graph and seed maps (per run, or the group means), per run in the order they are
    /// drawn: the seeds' z maps, the graph maps (degree, strength, triangles, clustering,
    /// eigenvector, ECM), then the seeds' r maps (the z maps' untransformed twins, first to be
    /// left undrawn).
    static func voxelMaps(_ files: [OutputFile]) -> [OutputFile] {
        let graph = ["degree", "strength", "triangles", "clustering", "eigenvector", "ecm"]
        func rank(_ f: OutputFile) -> Int {
            let stat = f.entities["stat"] ?? ""
            if stat == "z" { return 0 }
            if let i = graph.firstIndex(of: stat) { return 1 + i }
            return stat == "r" ? 10 : 20
        }
        func run(_ f: OutputFile) -> String { ["ses", "task", "acq", "run"].map { f.entities[$0] ?? "" }.joined(separator: "\u{0}") }
        return files.filter { $0.suffix == "boldmap" && isMap($0) }.sorted { a, b in
            (run(a), rank(a), a.path) < (run(b), rank(b), b.path)
        }
    }

    /// Statistics with a sign, drawn on a diverging scale centred on 0.
    static let signed: Set<String> = ["z", "t", "effect", "r"]

    /// The colour bar's label for a `stat-` entity (of a `statmap` or a `boldmap`).
    static func unit(_ stat: String, suffix: String) -> String {
        switch stat {
        case "z": return suffix == "boldmap" ? "Fisher z (atanh r)" : "z"
        case "t": return "t"
        case "effect": return "effect (signal units)"
        case "variance": return "variance of the effect"
        case "p": return "p"
        case "r": return "Pearson r"
        case "degree": return "degree (edges)"
        case "strength": return "strength (sum of edge weights)"
        case "triangles": return "triangles"
        case "clustering": return "clustering coefficient"
        case "eigenvector": return "eigenvector centrality"
        case "ecm": return "eigenvector centrality (ECM)"
        default: return stat
        }
    }

    /// A map's slices as a figure, or a note saying why it could not be drawn.
    func figure(_ f: OutputFile, title: String, caption: String) -> ReportFigure {
        ReportFigure.attempt(title, sources: [f.path]) {
            do { return try draw(f, title: title, caption: caption) } catch let e as NIfTIError {
                // named relative to the output folder, so the page does not depend on where the folder is
                throw ReportError("\(f.path): \(e.detail)")
            }
        }
    }

    private func draw(_ f: OutputFile, title: String, caption: String) throws -> ReportFigure {
        let img = try NIfTIImage(path: "\(outputs.root)/\(f.path)")
        let h = img.header
        guard h.volumeCount == 1 else { throw ReportError("\(f.path): \(h.volumeCount) volumes; a map figure shows one 3D volume") }
        try img.requireFirstVolume()   // memory follows the data, not the header's claim
        let (nx, ny, nz) = h.spatialShape
        let values = try img.readVolume(0)
        let a = h.affine
        let ci = Double(nx - 1) / 2, cj = Double(ny - 1) / 2
        let positions = (0..<nz).map { a.apply((ci, cj, Double($0))).2 }
        let stat = f.entities["stat"] ?? ""
        var m = try MapSlices(values: values, shape: [nx, ny, nz], slicePositions: positions, title: title,
                              unit: Self.unit(stat, suffix: f.suffix), diverging: Self.signed.contains(stat))
        // drawn in the neurological view: +x (the subject's right) to the right, +y (anterior) up
        m.flipX = a[0, 0] < 0
        m.flipY = a[1, 1] >= 0
        let sizes = a.voxelSizes
        if sizes[0] > 0, sizes[1] > 0 { m.voxelAspect = min(10, max(0.1, sizes[1] / sizes[0])) }   // a header's odd zooms cannot make a giant figure
        m.note = "axial slices, bottom to top, z in mm; the subject's left on the left"
        return ReportFigure(title: title, body: m.svg, caption: caption, sources: [f.path])
    }

    /// The figures of `maps` (at most `limit`), and a line linking those not drawn.
    func section(_ maps: [OutputFile], limit: Int, prefix: String, describe: (OutputFile) -> (title: String, caption: String)) -> String {
        let drawn = maps.prefix(limit).map { f -> ReportFigure in
            let d = describe(f)
            return figure(f, title: d.title, caption: d.caption)
        }
        var s = drawn.html(prefix: prefix)
        let rest = maps.dropFirst(limit)
        if !rest.isEmpty {
            s += "<p class=\"note\">\(rest.count) more map(s), linked only (to keep the page small): "
                + rest.map { HTML.link(prefix + $0.path, $0.name) }.joined(separator: ", ") + ".</p>\n"
        }
        return s
    }

    /// A voxel map's title: its statistic, the seed when there is one, and the run.
    static func voxelTitle(_ f: OutputFile, group: Bool) -> String {
        let stat = f.entities["stat"] ?? f.suffix
        var seed: String?
        if let d = f.entities["desc"], d != "groupmean" { seed = d.hasSuffix("groupmean") ? String(d.dropLast("groupmean".count)) : d }
        let what = seed.map { "seed \($0), \(stat)" } ?? stat
        if group { return "Group mean voxel map: \(what)" }
        let run = ["ses", "task", "acq", "run"].compactMap { k in f.entities[k].map { "\(k)-\($0)" } }.joined(separator: "_")
        return "Voxel map: \(what)" + (run.isEmpty ? "" : " (\(run))")
    }
}
