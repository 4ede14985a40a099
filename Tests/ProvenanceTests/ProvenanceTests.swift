import Foundation
import TestSupport
import XCTest
@testable import Provenance

final class ProvenanceTests: XCTestCase {
    func testSHA256KnownVectors() throws {
        // FIPS 180-2 test vectors
        XCTAssertEqual(SHA256.hexDigest(of: "abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hexDigest(of: ""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let p = FileManager.default.temporaryDirectory.appendingPathComponent("sha-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: p) }
        // 3 MiB of 'a' crosses the 1 MiB read blocks
        try Data(repeating: 0x61, count: 3 << 20).write(to: URL(fileURLWithPath: p))
        XCTAssertEqual(try SHA256.hexDigest(ofFile: p), SHA256.hexDigest(of: Data(repeating: 0x61, count: 3 << 20)))
        XCTAssertThrowsError(try SHA256.hexDigest(ofFile: p + ".missing"))
    }

    func testSidecarIsDeterministicJSONWithChecksums() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("prov-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "abc".write(toFile: "\(dir)/in.txt", atomically: true, encoding: .utf8)
        var r = ProvenanceRecord(command: "neurorep connectivity", parameters: ["kind": "correlation", "t_r": 2.0, "low_pass": .null, "nan": .double(.nan)])
        try r.addInput("\(dir)/in.txt")
        r.details["RoiNames"] = .strings(["a", "b"])
        func write() throws {
            try OutputUnit.write(root: dir) { u in
                try "1\t2\n".write(toFile: u.path(for: "\(dir)/out_relmat.tsv", holds: "matrix"), atomically: false, encoding: .utf8)
                try u.describe(stem: "\(dir)/out_relmat", record: r)
            }
        }
        try write()
        let sidecar = "\(dir)/out_relmat.json"
        let first = try String(contentsOfFile: sidecar, encoding: .utf8)
        try write()
        XCTAssertEqual(try String(contentsOfFile: sidecar, encoding: .utf8), first, "same run, same bytes")
        let j = try JSONValue.load(sidecar)
        XCTAssertEqual(j["GeneratedBy"][0]["Name"].string, "NeuroRep")
        XCTAssertEqual(j["GeneratedBy"][0]["Version"].string, ToolVersion.version)
        XCTAssertEqual(j["Inputs"][0]["sha256"].string, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(j["Parameters"]["t_r"].double, 2.0)
        XCTAssertTrue(j["Parameters"]["nan"].double!.isNaN)
        XCTAssertTrue(j["Parameters"]["low_pass"].isNull)
        XCTAssertEqual(j["RoiNames"].array.compactMap(\.string), ["a", "b"])
        XCTAssertEqual(j["Files"][0]["sha256"].string, SHA256.hexDigest(of: "1\t2\n"))
        XCTAssertEqual(OutputUnit.stem(of: "/x/a_bold.nii.gz"), "/x/a_bold")
        XCTAssertEqual(OutputUnit.sidecarPath(stem: OutputUnit.stem(of: "/x/a_relmat.tsv")), "/x/a_relmat.json")
    }

    func testJSONEscaping() {
        XCTAssertEqual(ProvenanceValue.string("a\"b\\c\n\u{1}").jsonText(), "\"a\\\"b\\\\c\\n\\u0001\"")
        XCTAssertEqual(ProvenanceValue.object(["b": 1, "a": [1.5, .null]]).jsonText(), "{\n  \"a\": [1.5, null],\n  \"b\": 1\n}")
    }
}
