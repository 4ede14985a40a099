import Foundation
import TestSupport
import XCTest

/// The commands that write files all go through one output mechanism: every data file is named,
/// with its SHA-256, by the sidecar of its stem; relative output paths work; nothing is left in
/// staging.
final class OutputCommandsTests: XCTestCase {
    func testRDMCompareAndTRSAOutputsAreAllDescribed() throws {
        let dir = CLI.temporaryDirectory("outcmds")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let acts = CLI.repo + "/SampleData/activations/netA.npz"
        func ok(_ args: [String]) throws {
            let r = try CLI.runTool(CLI.binary, args, in: dir)
            XCTAssertEqual(r.status, 0, args.joined(separator: " ") + "\n" + r.err)
        }
        try ok(["rdm", "--activations", acts, "--layer", "layer1", "--out", "one.npy", "--heatmap", "one.png", "--mds", "mds/one.png"])
        try ok(["rdm", "--activations", acts, "--out", "stack/layers.npy"])
        try ok(["compare", "one.npy", "stack/layers.npy", "--method", "spearman", "--out", "cmp.tsv"])
        try ok(["trsa", "transform", "--rdm", "one.npy", "--lower", "0.2", "--upper", "0.8", "--geodesic", "--raw-paths", "raw.npy", "--out", "t.npy", "--heatmap", "t.png"])
        let files = CLI.files(under: dir)
        var described: [String: String] = [:]
        for (rel, _) in files where rel.hasSuffix(".json") {
            let folder = (rel as NSString).deletingLastPathComponent
            for f in try JSONValue.load("\(dir)/\(rel)")["Files"].array {
                described[(folder.isEmpty ? "" : folder + "/") + (f["path"].string ?? "")] = f["sha256"].string
            }
        }
        let data = files.keys.filter { !$0.hasSuffix(".json") }.sorted()
        XCTAssertEqual(data, ["cmp.tsv", "mds/one.png", "mds/one.tsv", "one.npy", "one.png", "raw.npy", "stack/layers.npy", "stack/layers_layers.tsv", "t.npy", "t.png"])
        let sums = try CLI.sha256sums(in: dir, data)
        XCTAssertEqual(sums.count, data.count)
        for (rel, sum) in sums { XCTAssertEqual(described[rel], sum, rel) }
        let all = FileManager.default.enumerator(atPath: dir)?.allObjects as? [String] ?? []
        XCTAssertFalse(all.contains { $0.contains(".neurorep-staging-") || $0.contains(".tmp-") }, "\(all)")
    }
}
