import Foundation
import TestSupport
import XCTest

/// `neurorep info` on hostile and real-world inputs (issue 12, findings 1, 4, 7): as a user
/// runs it, in a child process.
final class InfoHardeningTests: XCTestCase {
    var dir = ""
    var functional: [UInt8] = []

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("info-hardening-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        functional = try [UInt8](Data(contentsOf: InfoCommandTests.nifti.appendingPathComponent("functional.nii")))
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    func json(_ text: String) throws -> JSONValue {
        let tmp = "\(dir)/out-\(UUID()).json"
        try text.write(toFile: tmp, atomically: true, encoding: .utf8)
        return try JSONValue.load(tmp)
    }

    /// Finding 7: sform_code 100 is reset to 0 with nibabel's warning on stderr (naming the
    /// file), and the affine reported is nibabel's `img.affine` (here the qform), from
    /// Fixtures/hostile/expected.json.
    func testInvalidXformCodeWarnsAndReportsNibabelsAffine() throws {
        var b = functional
        b[254] = 100; b[255] = 0   // sform_code, int16 little-endian
        let path = "\(dir)/sform100.nii"
        try Data(b).write(to: URL(fileURLWithPath: path))
        let r = try CLI.run(["info", "--json", path])
        XCTAssertEqual(r.status, 0, r.err)
        XCTAssertTrue(r.err.contains("warning: \(path): sform_code 100 not valid; setting to 0"), r.err)
        let j = try json(r.out)
        let expected = try JSONValue.load(InfoCommandTests.nifti.appendingPathComponent("hostile/expected.json").path)["cases"]["sform_code_100"]
        XCTAssertEqual(j["sform_code"].int, 0)
        XCTAssertEqual(j["qform_code"].int, expected["qform_code"].int)
        for (a, e) in zip(j["affine"].matrix.flatMap { $0 }, expected["affine"].matrix.flatMap { $0 }) {
            XCTAssertEqual(a, e, accuracy: 1e-6)
        }
    }

    /// Finding 1: a file of a DataLad dataset (a relative symlink into .git/annex/objects, and a
    /// second link to that link) reports exactly what its target reports.
    func testSymlinkedDatasetFileReportsAsItsTarget() throws {
        let target = InfoCommandTests.nifti.appendingPathComponent("example4d.nii.gz").path
        let key = "MD5E-s346451--0123456789abcdef.nii.gz"
        let object = "\(dir)/.git/annex/objects/Pq/Xy/\(key)"
        try FileManager.default.createDirectory(atPath: object, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: target, toPath: "\(object)/\(key)")
        try FileManager.default.createDirectory(atPath: "\(dir)/sub-01/func", withIntermediateDirectories: true)
        let link = "\(dir)/sub-01/func/sub-01_task-rest_bold.nii.gz"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "../../.git/annex/objects/Pq/Xy/\(key)/\(key)")
        try FileManager.default.createSymbolicLink(atPath: "\(dir)/chain.nii.gz", withDestinationPath: "sub-01/func/sub-01_task-rest_bold.nii.gz")
        let direct = try CLI.run(["info", "--json", target])
        XCTAssertEqual(direct.status, 0, direct.err)
        for p in [link, "\(dir)/chain.nii.gz"] {
            let r = try CLI.run(["info", "--json", p])
            XCTAssertEqual(r.status, 0, r.err)
            XCTAssertEqual(r.out, direct.out, p)
        }
        try FileManager.default.removeItem(atPath: "\(object)/\(key)")   // content dropped (`git annex drop`)
        let r = try CLI.run(["info", link])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.err.contains("symbolic link") && r.err.contains("datalad get"), r.err)
    }

    /// Finding 4: 399 KB of gzip claiming 20000 x 21000 uint8 (420 MB; it took 3.7 GB before)
    /// fails at once, and within a 1 GB address-space limit (`ulimit -v`), so no allocation of
    /// the claimed size was even attempted.
    func testGzipBombFailsQuicklyInASmallProcess() throws {
        var h = Array(functional.prefix(352))
        let put16 = { (at: Int, v: Int) in h[at] = UInt8(v & 0xff); h[at + 1] = UInt8((v >> 8) & 0xff) }
        put16(40, 2); put16(42, 20000); put16(44, 21000)
        for i in 2..<7 { put16(42 + 2 * i, 1) }
        put16(70, 2); put16(72, 8)                                     // uint8
        h.replaceSubrange(112..<116, with: [0, 0, 0, 0])                // no scaling
        // a gzip header, then the NIfTI header and zeros in stored (uncompressed) deflate blocks
        let payload = h + [UInt8](repeating: 0, count: 399_000)
        var gz: [UInt8] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]
        for start in stride(from: 0, to: payload.count, by: 65535) {
            let n = min(65535, payload.count - start)
            gz += [0, UInt8(n & 0xff), UInt8(n >> 8), UInt8(~n & 0xff), UInt8((~n >> 8) & 0xff)] + payload[start..<(start + n)]
        }
        let path = "\(dir)/bomb.nii.gz"
        try Data(gz).write(to: URL(fileURLWithPath: path))
        let start = Date()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "ulimit -v 1048576; exec \"$0\" info \"$1\"", CLI.binary, path]
        let e = Pipe()
        p.standardError = e
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let err = String(decoding: e.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationReason, .exit, err)
        XCTAssertEqual(p.terminationStatus, 1, err)
        XCTAssertTrue(err.contains("bomb.nii.gz") && err.contains("need 420000000 bytes") && err.contains("1032"), err)
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        print("largest child's peak RSS so far: \(usage.ru_maxrss) KB")
    }
}
