import Foundation
import LinearAlgebra
import XCTest
@testable import NIfTI

/// The seeded mutation test of the reader (issue 12, build 8): header fields, truncation at
/// many offsets, gzip corruption, and every fifth case also read through a DataLad-style chain
/// of relative symlinks. Every case must end in a clean `NIfTIError` naming the file, or in
/// values equal to the reference read where the mutation cannot have changed them (bytes
/// outside the fields that locate, type or scale the data; any gzip damage that still passes
/// the CRC-32); a symlinked copy must give exactly the outcome of the file itself. Never a
/// crash, a hang or an untyped failure.
final class NIfTIFuzzTests: XCTestCase {
    /// What a read gave: the values (bit patterns, so NaNs compare), or the error's kind and
    /// detail.
    enum Outcome: Equatable {
        case values([UInt64])
        case failure(NIfTIError.Kind, String)
    }

    static func read(_ path: String) -> Outcome? {
        do {
            let img = try NIfTIImage(path: path)
            let values = try img.readAllDouble()
            let s = try img.statistics()
            XCTAssertEqual(s.count, values.count, path)
            return .values(values.map(\.bitPattern))
        } catch let e as NIfTIError {
            XCTAssertTrue(e.description.hasPrefix(path), "error must name the file: \(e)")
            return .failure(e.kind, e.detail)
        } catch {
            XCTFail("untyped error for \(path): \(error)")
            return nil
        }
    }

    /// Byte ranges of the header fields that decide where the data are and what they mean
    /// (sizeof_hdr, magic, dims, datatype, vox_offset, scl_slope/inter); a mutation elsewhere
    /// may only change the affine, the labels or the verdict, never the values.
    static func dataFields(version: Int) -> [Range<Int>] {
        version == 2 ? [0..<16, 16..<80, 168..<192] : [0..<4, 40..<56, 70..<72, 108..<120, 344..<348]
    }

    func testSeededMutationsGiveReferenceValuesOrCleanErrors() throws {
        let dir = try HostileFiles.folder("fuzz")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        NIfTIWarnings.setHandler { _ in }
        defer { NIfTIWarnings.setHandler(nil) }
        var rng = SeededGenerator(seed: 20261204)
        var outcomes = [String: Int]()
        var unchangedValues = 0
        var caseNumber = 0
        let sources: [(name: String, version: Int, trials: Int)] = [
            ("functional.nii", 1, 250), ("anatomical.nii", 1, 150), ("generated/v2_float32.nii", 2, 150),
            ("generated/v1_int16_be.nii", 1, 100), ("generated/functional_multimember.nii.gz", 1, 200),
            ("generated/v1_gz.nii.gz", 1, 150),
        ]
        for (source, version, trials) in sources {
            let original = try HostileFiles.bytes(Fixtures.path(source))
            let gz = source.hasSuffix(".gz")
            let ext = gz ? ".nii.gz" : ".nii"
            guard case .values(let reference)? = Self.read(Fixtures.path(source)) else { return XCTFail(source) }
            let headerSize = version == 2 ? 544 : 352
            let protected = Self.dataFields(version: version)
            for trial in 0..<trials {
                var bytes = original
                var touched: [Int] = []
                var truncated = false
                switch rng.next() % 10 {
                case 0, 1:   // truncation anywhere
                    let keep = Int(rng.next() % UInt64(original.count))
                    bytes = Array(bytes.prefix(keep)); truncated = true
                default:     // 1-4 byte mutations: in the (gzip) header region mostly, anywhere sometimes
                    let span = gz || rng.next() % 4 == 0 ? original.count : headerSize
                    for _ in 0..<(1 + Int(rng.next() % 4)) {
                        let at = Int(rng.next() % UInt64(span))
                        touched.append(at)
                        switch rng.next() % 3 {
                        case 0: bytes[at] = UInt8(truncatingIfNeeded: rng.next())
                        case 1: bytes[at] ^= UInt8(1 << (rng.next() % 8))
                        default: bytes[at] = [0x00, 0xFF, 0x7F, 0x80][Int(rng.next() % 4)]
                        }
                    }
                }
                caseNumber += 1
                let path = "\(dir)/m\(caseNumber)\(ext)"
                try HostileFiles.write(bytes, path)
                guard let outcome = Self.read(path) else { continue }
                switch outcome {
                case .values(let v):
                    outcomes["value", default: 0] += 1
                    XCTAssertFalse(truncated && !gz && bytes.count < original.count, "\(source) trial \(trial): a truncated file was read")
                    // gzip: the CRC-32 vouches for every byte; plain: only if no data field was hit
                    let dataUntouched = gz ? true : touched.allSatisfy { at in at < headerSize && !protected.contains { $0.contains(at) } }
                    if dataUntouched && bytes.count == original.count {
                        unchangedValues += 1
                        XCTAssertTrue(v == reference, "\(source) trial \(trial): bytes \(touched) changed the values")
                    }
                case .failure(let kind, _):
                    outcomes[kind.rawValue, default: 0] += 1
                }
                if trial % 5 == 0 {
                    // the same file through a chain of two relative links into an annex-like store
                    let link = try HostileFiles.annex(path, root: dir, link: "sub-\(caseNumber)/func/bold\(ext)", key: "MD5E-s\(caseNumber)--k\(ext)")
                    let top = "\(dir)/top\(caseNumber)\(ext)"
                    try FileManager.default.createSymbolicLink(atPath: top, withDestinationPath: "sub-\(caseNumber)/func/bold\(ext)")
                    for p in [link, top] {
                        switch (Self.read(p), outcome) {
                        case (.values(let a)?, .values(let b)): XCTAssertTrue(a == b, "\(p) differs from its target")
                        case (.failure(let k, let d)?, .failure(let k2, let d2)):
                            XCTAssertEqual(k, k2, p)
                            XCTAssertEqual(d.replacingOccurrences(of: p, with: "F"), d2.replacingOccurrences(of: path, with: "F"), p)
                        default: XCTFail("\(p) and its target \(path) disagree")
                        }
                    }
                }
            }
        }
        print("NIfTI mutation outcomes: \(outcomes.sorted { $0.key < $1.key }); cases with values checked against the reference: \(unchangedValues)")
        // every outcome class must occur, or the mutations are not exercising anything
        XCTAssertGreaterThan(outcomes["value"] ?? 0, 200, "\(outcomes)")
        XCTAssertGreaterThan(unchangedValues, 150, "\(outcomes)")
        for kind in ["truncatedData", "corruptCompression", "invalidHeader", "notNIfTI"] {
            XCTAssertGreaterThan(outcomes[kind] ?? 0, 5, "\(kind): \(outcomes)")
        }
    }

    /// The libFuzzer corpus (Fuzz/corpus: seeds plus the inputs that reached new code in the
    /// fuzzing runs of 2026-12-04) replayed through the reader: every NIfTI input (first byte 0:
    /// .nii, 1: .nii.gz) gives values or a clean error naming the file.
    func testFuzzCorpusReplaysCleanly() throws {
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fuzz/corpus").path
        let dir = try HostileFiles.folder("corpus")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        NIfTIWarnings.setHandler { _ in }
        defer { NIfTIWarnings.setHandler(nil) }
        var read = 0, refused = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: corpus).sorted() {
            let b = try HostileFiles.bytes("\(corpus)/\(name)")
            guard let selector = b.first, selector % 3 != 2 else { continue }
            let path = "\(dir)/c\(read + refused)\(selector % 3 == 1 ? ".nii.gz" : ".nii")"
            try HostileFiles.write(Array(b.dropFirst()), path)
            switch Self.read(path) {
            case .values?: read += 1
            case .failure?: refused += 1
            case nil: break
            }
        }
        XCTAssertGreaterThan(read, 5)
        XCTAssertGreaterThan(refused, 50)
    }

    func testAbsurdDimensionsAndHeaderOnlyFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nifti-absurd-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Fixtures.path("functional.nii"))))
        // header only: the 352 bytes before the data
        try Data(bytes.prefix(352)).write(to: URL(fileURLWithPath: "\(dir)/hdronly.nii"))
        let h = try NIfTIImage(path: "\(dir)/hdronly.nii")
        XCTAssertThrowsError(try h.statistics()) { XCTAssertEqual(($0 as! NIfTIError).kind, .truncatedData) }
        // vox_offset 0 in a single file: nibabel would read the header bytes as data; refused
        var zero = bytes
        zero.replaceSubrange(108..<112, with: [0, 0, 0, 0])
        try Data(zero).write(to: URL(fileURLWithPath: "\(dir)/voxoffset0.nii"))
        XCTAssertThrowsError(try NIfTIImage(path: "\(dir)/voxoffset0.nii")) { error in
            XCTAssertTrue("\(error)".contains("vox_offset"), "\(error)")
        }
        // dims 32767^4 (int16 max in every dimension)
        for d in 1...4 { bytes[40 + 2 * d] = 0xFF; bytes[41 + 2 * d] = 0x7F }
        try Data(bytes).write(to: URL(fileURLWithPath: "\(dir)/huge.nii"))
        XCTAssertThrowsError(try NIfTIImage(path: "\(dir)/huge.nii").statistics()) { error in
            XCTAssertTrue(error is NIfTIError, "\(error)")
        }
    }
}
