import Foundation
@testable import ArrayFiles
import XCTest

/// NPZ members are checked with our own CRC-32 (ZIPFoundation's is skipped for speed).
final class CRC32Tests: XCTestCase {
    func testKnownValuesAndAllTailLengths() {
        func crc(_ s: String) -> UInt32 { Array(s.utf8).withUnsafeBytes(CRC32.checksum) }
        XCTAssertEqual(crc(""), 0)
        XCTAssertEqual(crc("123456789"), 0xCBF4_3926)
        XCTAssertEqual(crc("The quick brown fox jumps over the lazy dog"), 0x414F_A339)
        // the 8-byte loop against the byte loop, for every tail length
        let bytes = (0..<37).map { UInt8(truncatingIfNeeded: $0 &* 151 &+ 7) }
        for n in 0...bytes.count {
            var slow: UInt32 = 0xFFFF_FFFF
            for b in bytes[0..<n] { slow = CRC32.tables[0][Int((slow ^ UInt32(b)) & 0xFF)] ^ (slow >> 8) }
            XCTAssertEqual(Array(bytes[0..<n]).withUnsafeBytes(CRC32.checksum), ~slow, "length \(n)")
        }
    }

    func testCorruptStoredMemberIsRejected() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("npz-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let a = NPYArray(shape: [4, 8], doubles: (0..<32).map(Double.init))
        try NPZ.write([("x", a)], to: "\(dir)/o.npz", compressed: false)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/o.npz"))
        // flip one bit of the last array element (inside the stored member, before the directory)
        let payload = bytes.range(of: Data([0x93] + Array("NUMPY".utf8)))!.lowerBound
        bytes[payload + 128 + 31 * 8] ^= 1
        try bytes.write(to: URL(fileURLWithPath: "\(dir)/bad.npz"))
        XCTAssertThrowsError(try NPZ.read("\(dir)/bad.npz")) { e in
            XCTAssertTrue("\(e)".contains("CRC-32"), "\(e)")
        }
    }
}
