import Foundation
import XCTest
import LinearAlgebra
#if canImport(Glibc)
import Glibc
#endif
@testable import NIfTI

/// Write-then-read round trips are exact: values, shape, affine (as sform), TR.
final class NIfTIWriterTests: XCTestCase {
    var dir: String!
    override func setUp() {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("nifti-w-\(UUID())").path
    }
    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    let affine = Affine(rows: [[-2, 0.1, 0, 30], [0.05, 2.2, 0.1, -40], [0, -0.1, 2.5, -20], [0, 0, 0, 1]])

    func testFloat32RoundTripNiiAndGz() throws {
        var rng = SystemRandomNumberGenerator()
        let shape = [5, 4, 3, 6]
        let data = (0..<shape.reduce(1, *)).map { _ in Float.random(in: -1000...1000, using: &rng) }
        for ext in ["nii", "nii.gz"] {
            let p = "\(dir!)/bold.\(ext)"
            try NIfTIWriter.write(data, shape: shape, affine: affine, to: p, trSeconds: 0.8)
            let img = try NIfTIImage(path: p)
            XCTAssertEqual(img.header.shape, shape)
            XCTAssertEqual(img.header.datatype, .float32)
            XCTAssertEqual(try img.readAllFloat(), data)
            XCTAssertEqual(img.header.affine.elements.map { Float($0) }, affine.elements.map { Float($0) })
            XCTAssertEqual(img.header.trSeconds!, 0.8, accuracy: 1e-7)
            XCTAssertEqual(img.isCompressed, ext == "nii.gz")
        }
    }

    func testQformOfARigidAffineDescribesTheSameGrid() throws {
        // rotation about z by 0.3 rad, zooms (2, 2, 2.5), qfac -1 (a left-handed, radiological grid)
        let c = cos(0.3), s = sin(0.3)
        let rigid = Affine(rows: [[-2 * c, -2 * s, 0, 90], [-2 * s, 2 * c, 0, -126], [0, 0, 2.5, -72], [0, 0, 0, 1]])
        try NIfTIWriter.write([Float](repeating: 1, count: 8), shape: [2, 2, 2], affine: rigid, to: "\(dir!)/r.nii")
        let h = try NIfTIImage(path: "\(dir!)/r.nii").header
        XCTAssertEqual(h.qformCode, 2)
        XCTAssertLessThan(h.qform.maxAbsDifference(rigid), 1e-5)
        XCTAssertLessThan(h.sform.maxAbsDifference(rigid), 1e-5)
    }

    func testIntegerLabelImages() throws {
        let shape = [4, 3, 2]
        let labels: [Int16] = (0..<24).map { Int16($0 % 5) }
        try NIfTIWriter.write(labels, shape: shape, affine: affine, to: "\(dir!)/atlas.nii.gz")
        let img = try NIfTIImage(path: "\(dir!)/atlas.nii.gz")
        XCTAssertEqual(img.header.datatype, .int16)
        XCTAssertEqual(try img.readAllDouble(), labels.map { Double($0) })
        let bytes: [UInt8] = (0..<24).map { UInt8($0) }
        try NIfTIWriter.write(bytes, shape: shape, affine: .identity, to: "\(dir!)/u8.nii")
        XCTAssertEqual(try NIfTIImage(path: "\(dir!)/u8.nii").readAllDouble(), bytes.map { Double($0) })
    }

    func testBadRequestsFailWithoutLeavingFiles() throws {
        XCTAssertThrowsError(try NIfTIWriter.write([Float](repeating: 0, count: 5), shape: [2, 2], affine: .identity, to: "\(dir!)/x.nii"))
        XCTAssertThrowsError(try NIfTIWriter.write([Float](repeating: 0, count: 4), shape: [2, 2], affine: .identity, to: "\(dir!)/x.img"))
        let left = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        XCTAssertEqual(left, [])
    }
}

/// Mapping an uncompressed float32 file gives the same values as reading it.
final class MappedDataTests: XCTestCase {
    func testMappedFloat32MatchesTheReader() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("map-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let data: [Float] = (0..<120).map { (i: Int) -> Float in Float(i) * 0.5 - 7 }
        try NIfTIWriter.write(data, shape: [4, 3, 2, 5], affine: .identity, to: "\(dir)/f.nii")
        let img = try NIfTIImage(path: "\(dir)/f.nii")
        let mapped = try XCTUnwrap(try img.mappedFloat32())
        XCTAssertEqual(Array(mapped.buffer), try img.readAllFloat())
        try NIfTIWriter.write(data, shape: [4, 3, 2, 5], affine: .identity, to: "\(dir)/f.nii.gz")
        XCTAssertNil(try NIfTIImage(path: "\(dir)/f.nii.gz").mappedFloat32(), "compressed files are decoded, not mapped")
        XCTAssertNil(try NIfTIImage(path: Fixtures.path("functional.nii")).mappedFloat32(), "int16 with scaling is decoded")
    }
}

/// `.nii.gz` outputs are compressed by our own writer (zlib deflate, run-length strategy; not
/// nifticlib's gzwrite at level 6): the file
/// must be a standard gzip stream that zlib itself inflates (CRC-32 and length checked), holding
/// byte for byte what nifticlib writes for the same image as `.nii`, read back bit-exact by our
/// reader, and identical from one write to the next.
final class GzipWriterTests: XCTestCase {
    /// zlib's gzip reader, reached through the libz the test binary already links (nifticlib's
    /// dependency): another inflater than our reader's ISA-L.
    struct Zlib {
        typealias Open = @convention(c) (UnsafePointer<CChar>, UnsafePointer<CChar>) -> OpaquePointer?
        typealias Read = @convention(c) (OpaquePointer, UnsafeMutableRawPointer, UInt32) -> Int32
        typealias Close = @convention(c) (OpaquePointer) -> Int32
        let open: Open, read: Read, close: Close
        init() throws {
            let h = try XCTUnwrap(dlopen("libz.so.1", RTLD_NOW), "libz.so.1 not found")
            open = unsafeBitCast(try XCTUnwrap(dlsym(h, "gzopen")), to: Open.self)
            read = unsafeBitCast(try XCTUnwrap(dlsym(h, "gzread")), to: Read.self)
            close = unsafeBitCast(try XCTUnwrap(dlsym(h, "gzclose")), to: Close.self)
        }
        /// The whole decompressed content; fails on any zlib error (bad CRC, truncation).
        func inflate(_ path: String) throws -> [UInt8] {
            let f = try XCTUnwrap(open(path, "rb"), "gzopen failed")
            var out: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let n = chunk.withUnsafeMutableBytes { read(f, $0.baseAddress!, UInt32($0.count)) }
                XCTAssertGreaterThanOrEqual(n, 0, "zlib reports an error in \(path)")
                if n <= 0 { break }
                out += chunk[0..<Int(n)]
            }
            XCTAssertEqual(close(f), 0, "gzclose (Z_OK)")
            return out
        }
    }

    func testGzipIsNiftiClibsNiiInflatedByZlibAndReadBackBitExact() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gzw-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // 2.4 M values (9.6 MB: several deflate blocks and output buffers): zeros outside a
        // "mask" as in a statistical map, random floats inside, and special values.
        let shape = [120, 100, 50, 4]
        var rng = SeededGenerator(seed: 13)
        var data = (0..<shape.reduce(1, *)).map { i -> Float in i % 7 < 3 ? 0 : Float(Double.random(in: -50...50, using: &rng)) }
        data[5] = .nan; data[6] = .infinity; data[7] = -.infinity; data[8] = .leastNonzeroMagnitude; data[9] = -0.0
        let affine = Affine(rows: [[-2, 0, 0, 90], [0, 2, 0, -126], [0, 0, 2, -72], [0, 0, 0, 1]])
        try NIfTIWriter.write(data, shape: shape, affine: affine, to: "\(dir)/m.nii", trSeconds: 2)
        try NIfTIWriter.write(data, shape: shape, affine: affine, to: "\(dir)/m.nii.gz", trSeconds: 2)
        let gz = try [UInt8](Data(contentsOf: URL(fileURLWithPath: "\(dir)/m.nii.gz")))
        // RFC 1952 header: magic, deflate, no flags, mtime 0 (reruns are byte-identical)
        XCTAssertEqual(Array(gz[0..<8]), [0x1f, 0x8b, 8, 0, 0, 0, 0, 0])
        let plain = try [UInt8](Data(contentsOf: URL(fileURLWithPath: "\(dir)/m.nii")))
        XCTAssertEqual(plain.count, 352 + data.count * 4)
        let inflated = try Zlib().inflate("\(dir)/m.nii.gz")
        XCTAssertEqual(inflated.count, plain.count)
        XCTAssertTrue(inflated == plain, "the .nii.gz must hold exactly nifticlib's .nii bytes")
        XCTAssertLessThan(gz.count, plain.count * 3 / 4, "compressed")
        let back = try NIfTIImage(path: "\(dir)/m.nii.gz").readAllFloat()
        XCTAssertEqual(back.map(\.bitPattern), data.map(\.bitPattern))
        // float64 maps too (p values), and a rewrite gives the same bytes
        let doubles = data.prefix(120 * 100 * 50).map { Double($0) * 1e-200 }
        try NIfTIWriter.write(Array(doubles), shape: [120, 100, 50], affine: affine, to: "\(dir)/d.nii.gz")
        let first = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/d.nii.gz"))
        XCTAssertEqual(try NIfTIImage(path: "\(dir)/d.nii.gz").readAllDouble().map(\.bitPattern), doubles.map(\.bitPattern))
        try NIfTIWriter.write(Array(doubles), shape: [120, 100, 50], affine: affine, to: "\(dir)/d.nii.gz")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: "\(dir)/d.nii.gz")), first)
    }

    /// Writes from several threads at once, while other threads fill and free heap memory, give
    /// the bytes of a single-threaded write (ISA-L's deflate, tried first, did not always: see
    /// Sources/CNIfTI/nr_gzip_write.c).
    func testConcurrentWritesAreByteIdentical() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gzc-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let shape = [91, 109, 20]
        var rng = SeededGenerator(seed: 7)
        let data = (0..<shape.reduce(1, *)).map { i -> Float in (i / 91) % 5 < 2 ? 0 : Float(Double.random(in: -3...3, using: &rng)) }
        try NIfTIWriter.write(data, shape: shape, affine: .identity, to: "\(dir)/ref.nii.gz")
        let reference = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/ref.nii.gz"))
        let failures = NSLock()
        var problems: [String] = []
        DispatchQueue.concurrentPerform(iterations: 16) { k in
            if k % 2 == 1 {
                // heap churn beside the writers: buffers of the images' size, filled and freed
                for round in 0..<6 { var junk = [Float](repeating: Float(k * round), count: data.count); junk[k] += 1; _ = junk.reduce(0, +) }
                return
            }
            do {
                let path = "\(dir)/w\(k).nii.gz"
                try NIfTIWriter.write(data, shape: shape, affine: .identity, to: path)
                if try Data(contentsOf: URL(fileURLWithPath: path)) != reference { failures.lock(); problems.append(path); failures.unlock() }
            } catch { failures.lock(); problems.append("\(error)"); failures.unlock() }
        }
        XCTAssertEqual(problems, [])
    }
}
