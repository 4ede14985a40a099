import ArrayFiles
import Foundation
import Provenance
import Recurrence
import TestSupport
import XCTest

/// `neurorep recurrence`'s files through one output unit: the table, the stack and a PNG per
/// ROI, each stem with one sidecar naming its files and their SHA-256.
final class RecurrenceExportTests: XCTestCase {
    func testWritesEveryFileWithItsSidecar() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rqa-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let series = (0..<2).map { k in (0..<40).map { sin(Double($0) * 0.3 + Double(k)) } }
        let results = try RecurrenceAnalysis.run(series: series, names: ["V1", "IT"], settings: RecurrenceSettings(threshold: .recurrenceRate(0.1)))
        let written = try RecurrenceExport.write(results, to: dir, record: ProvenanceRecord(command: "test"))
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        XCTAssertEqual(names, ["recurrence_plots.json", "recurrence_plots.npy", "rp.json", "rp_IT.png", "rp_V1.png", "rqa.json", "rqa.tsv"])
        XCTAssertEqual(written.count, names.count)
        let rp = try JSONValue.load(dir + "/rp.json")
        XCTAssertEqual(Set(rp["Files"].array.compactMap { $0["path"].string }), ["rp_V1.png", "rp_IT.png"])
        XCTAssertEqual(rp["Files"][0]["sha256"].string, try SHA256.hexDigest(ofFile: dir + "/" + (rp["Files"][0]["path"].string ?? "")))
        XCTAssertEqual(try DelimitedTable.read(dir + "/rqa.tsv").rows.map { $0[0] }, ["V1", "IT"])
    }
}
