import Foundation
import NIfTI
import XCTest

/// `neurorep run Pipelines/voxelgraph.yaml` end to end: the per-run maps are the CLI's own
/// files (byte for byte, same options), the group means are the means of the subjects' maps,
/// every file is named with its SHA-256 (checked by sha256sum) by its stem's sidecar, and the
/// report draws the maps (subject pages) and their group means (group page), the same bytes on a rerun.
final class VoxelPipelineTests: XCTestCase {
    let func02 = CLI.repo + "/SampleData/derivatives/fmriprep/sub-02/func"
    let atlas = CLI.repo + "/SampleData/atlas/atlas-sample_space-MNI152NLin2009cAsym_dseg.nii.gz"
    var bold02: String { func02 + "/sub-02_task-rest_space-MNI152NLin2009cAsym_desc-preproc_bold.nii.gz" }
    /// The cleaning of the config's `stages.timeseries` as CLI flags (TR 2 s is the sample sidecar's).
    var cleaning: [String] {
        ["--detrend", "--standardize", "zscore_sample", "--high-pass", "0.01", "--t-r", "2",
         "--confounds", func02 + "/sub-02_task-rest_desc-confounds_timeseries.tsv", "--confound-strategy", "motion", "--motion", "basic",
         "--fd-threshold", "0.5"]
    }

    func values(_ path: String) throws -> [Double] { try NIfTIImage(path: path).readAllDouble() }

    func testVoxelPipelineMatchesTheCLIAndAveragesSubjects() throws {
        let out = CLI.temporaryDirectory("voxel-pipeline")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let r = try CLI.run(["run", CLI.repo + "/Pipelines/voxelgraph.yaml", "--out", out])
        XCTAssertEqual(r.status, 0, r.err + r.out)
        XCTAssertTrue(r.out.contains("10 steps: 10 ran"), r.out)
        // a rerun skips every unit; a fresh run with one job writes the same bytes
        let again = try CLI.run(["run", CLI.repo + "/Pipelines/voxelgraph.yaml", "--out", out])
        XCTAssertTrue(again.out.contains("0 ran, 10 skipped"), again.out)
        let fresh = CLI.temporaryDirectory("voxel-pipeline-rerun")
        defer { try? FileManager.default.removeItem(atPath: fresh) }
        XCTAssertEqual(try CLI.run(["run", CLI.repo + "/Pipelines/voxelgraph.yaml", "--out", fresh, "--jobs", "1"]).status, 0)
        func outputs(_ root: String) -> [String: Data] { CLI.files(under: root).filter { !$0.key.hasPrefix("report") } }
        XCTAssertEqual(outputs(out), outputs(fresh), "reruns are byte-identical")
        // the report shows the maps as slices: per subject the seeds' z and the six graph maps, in
        // the group page their means; and it too is the same bytes from the fresh run
        let reportPages = ["report.html", "report/sub-01.html", "report/sub-02.html", "report/sub-03.html"]
        for page in reportPages {
            let html = try String(contentsOfFile: "\(out)/\(page)", encoding: .utf8)
            XCTAssertFalse(html.contains("not drawn"), page)
            let title = page == "report.html" ? "Group mean voxel map: " : "Voxel map: "
            for what in ["seed PCC, z", "seed centre, z", "degree", "strength", "triangles", "clustering", "eigenvector", "ecm"] {
                XCTAssertTrue(html.contains(title + what), "\(page): no slices of \(what)")
            }
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: "\(out)/\(page)")), try Data(contentsOf: URL(fileURLWithPath: "\(fresh)/\(page)")), page)
        }
        XCTAssertEqual(outputs(out).count, 2 * (3 * 10 + 10) + 3 * 3 + 1, "\(outputs(out).keys.sorted())")
        let sub02 = out + "/sub-02/func/sub-02_task-rest"

        // the CLI on the same run with the same options writes the same bytes
        let cli = CLI.temporaryDirectory("voxel-cli")
        defer { try? FileManager.default.removeItem(atPath: cli) }
        let g = try CLI.run(["voxelgraph", "--bold", bold02, "--mask", atlas, "--density", "0.05", "--exclude-radius", "5", "--out", cli] + cleaning)
        XCTAssertEqual(g.status, 0, g.err)
        for stat in ["degree", "strength", "triangles", "clustering", "eigenvector", "ecm"] {
            let mine = try Data(contentsOf: URL(fileURLWithPath: "\(sub02)_stat-\(stat)_boldmap.nii.gz"))
            let theirs = try Data(contentsOf: URL(fileURLWithPath: "\(cli)/sub-02_task-rest_stat-\(stat)_boldmap.nii.gz"))
            XCTAssertEqual(mine, theirs, "stat-\(stat): the pipeline's map differs from neurorep voxelgraph's")
        }
        let degree = try values("\(sub02)_stat-degree_boldmap.nii.gz")
        XCTAssertGreaterThan(degree.filter { $0 > 0 }.count, 1000, "a graph over the atlas's 1,872 voxels")
        let s = try CLI.run(["seedmap", "--bold", bold02, "--seed-coords=-2,0,2", "--radius", "6", "--seed-name", "centre", "--mask", atlas,
                             "--out", cli] + cleaning)
        XCTAssertEqual(s.status, 0, s.err)
        for stat in ["r", "z"] {
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: "\(sub02)_desc-centre_stat-\(stat)_boldmap.nii.gz")),
                           try Data(contentsOf: URL(fileURLWithPath: "\(cli)/sub-02_task-rest_desc-centre_stat-\(stat)_boldmap.nii.gz")), "seed stat-\(stat)")
        }

        // group means: the mean of the three subjects' maps, computed here
        let kinds = [("desc-groupmean_stat-degree", "stat-degree"), ("desc-groupmean_stat-ecm", "stat-ecm"),
                     ("desc-centregroupmean_stat-z", "desc-centre_stat-z"), ("desc-PCCgroupmean_stat-r", "desc-PCC_stat-r")]
        for (group, perRun) in kinds {
            let maps = try ["01", "02", "03"].map { try values("\(out)/sub-\($0)/func/sub-\($0)_task-rest_\(perRun)_boldmap.nii.gz") }
            let mean = try values("\(out)/group/\(group)_boldmap.nii.gz")
            XCTAssertEqual(mean.count, maps[0].count)
            var worst = 0.0
            for i in mean.indices { worst = max(worst, abs(mean[i] - (maps[0][i] + maps[1][i] + maps[2][i]) / 3)) }
            XCTAssertLessThanOrEqual(worst, 1e-12, group)
            XCTAssertGreaterThan(mean.filter { $0 != 0 }.count, 100, "\(group) is not empty")
        }
        let zSidecar = try String(contentsOfFile: "\(out)/group/desc-centregroupmean_stat-z_boldmap.json", encoding: .utf8)
        XCTAssertTrue(zSidecar.contains("mean of the subjects' Fisher z maps"), zSidecar)

        // every data file is named with its SHA-256 by its stem's sidecar
        var data: [String] = []
        let e = FileManager.default.enumerator(atPath: out)
        while let rel = e?.nextObject() as? String {
            guard rel.hasPrefix("sub-") || rel.hasPrefix("group/"), rel.hasSuffix(".nii.gz") || rel.hasSuffix(".npy") || rel.hasSuffix(".tsv") else { continue }
            data.append(rel)
        }
        XCTAssertEqual(data.filter { $0.hasSuffix("_boldmap.nii.gz") }.count, 3 * (6 + 4) + 6 + 4)
        let sums = try CLI.sha256sums(in: out, data)
        XCTAssertEqual(sums.count, data.count)
        for rel in data {
            let stem = rel.hasSuffix(".nii.gz") ? String(rel.dropLast(7)) : (rel as NSString).deletingPathExtension
            let sidecar = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(out)/\(stem).json"))) as? [String: Any]
            let files = sidecar?["Files"] as? [[String: Any]] ?? []
            let entry = files.first { ($0["path"] as? String) == (rel as NSString).lastPathComponent }
            XCTAssertNotNil(entry, "\(stem).json does not name \(rel)")
            XCTAssertEqual(entry?["sha256"] as? String, sums[rel], rel)
        }
    }
}
