import Foundation
import LinearAlgebra
import TestSupport
import XCTest
@testable import NIfTI

/// Regression tests of issue 12 (hostile and real-world inputs), one per finding, each on a
/// minimal input made here; nibabel 5.4.2's verdicts on patched headers are in
/// Fixtures/hostile/expected.json (made by Fixtures/hostile/make_expected.py).
final class NIfTIHardeningTests: XCTestCase {
    var dir = ""
    var functional: [UInt8] = []

    override func setUpWithError() throws {
        dir = try HostileFiles.folder("hardening")
        functional = try HostileFiles.bytes(Fixtures.path("functional.nii"))
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: dir)
        NIfTIWarnings.setHandler(nil)
    }

    /// Collects the reader's warnings while `body` runs.
    func collectingWarnings(_ body: () throws -> Void) rethrows -> [String] {
        final class Box: @unchecked Sendable { var items: [String] = []; let lock = NSLock() }
        let box = Box()
        NIfTIWarnings.setHandler { m in box.lock.lock(); box.items.append(m); box.lock.unlock() }
        defer { NIfTIWarnings.setHandler(nil) }
        try body()
        return box.items
    }

    // MARK: findings 3, 5, 6, 7 and build 3: each patched header as nibabel judges it

    func testPatchedHeadersAreJudgedAsNibabelJudgesThem() throws {
        let spec = try JSONValue.load(Fixtures.path("hostile/cases.json"))
        let expected = try JSONValue.load(Fixtures.path("hostile/expected.json"))["cases"]
        guard case .array(let cases) = spec["cases"] else { return XCTFail("no cases") }
        XCTAssertGreaterThanOrEqual(cases.count, 31)
        for c in cases {
            let name = c["name"].string ?? "?"
            var bytes = functional
            guard case .array(let patches) = c["patches"] else { return XCTFail(name) }
            for p in patches {
                guard case .array(let f) = p else { continue }
                let raw: Any
                switch f[2] {
                case .string(let s): raw = s
                case .number(let x): raw = f[1].string == "f" ? x : Int(x)
                default: raw = 0
                }
                HostileFiles.patch(&bytes, at: f[0].int ?? 0, format: f[1].string ?? "", value: raw)
            }
            bytes += [UInt8](repeating: 0, count: c["append"].int ?? 0)
            let path = "\(dir)/\(name).nii"
            try HostileFiles.write(bytes, path)
            let ref = expected[name]
            let oursRefuses = !c["ours"].isNull
            var image: NIfTIImage?
            var stats: ImageStatistics?
            var failure: Error?
            let warnings = collectingWarnings {
                do {
                    let img = try NIfTIImage(path: path)
                    image = img
                    stats = try img.statistics()
                } catch { failure = error }
            }
            if oursRefuses || ref["outcome"].string == "error" {
                XCTAssertNotNil(failure, "\(name): nibabel \(ref["outcome"].string ?? "?"), NeuroRep must refuse")
                if let e = failure as? NIfTIError {
                    XCTAssertTrue(e.description.hasPrefix(path), "\(name): \(e)")
                } else if let f = failure { XCTFail("\(name): untyped error \(f)") }
                continue
            }
            guard let img = image, let s = stats else { XCTFail("\(name): nibabel reads it, we refused: \(String(describing: failure))"); continue }
            let h = img.header
            XCTAssertEqual(h.qformCode, ref["qform_code"].int, name)
            XCTAssertEqual(h.sformCode, ref["sform_code"].int, name)
            let refPixdim = ref["pixdim"].array.map { $0.double ?? .nan }
            XCTAssertTrue(zip(h.pixdim, refPixdim).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }, "\(name): \(h.pixdim) vs \(refPixdim)")
            let refAffine = ref["affine"].matrix.flatMap { $0 }
            XCTAssertEqual(refAffine.count, 16, name)
            for (a, b) in zip(h.affine.elements, refAffine) {
                XCTAssertLessThanOrEqual(abs(a - b), 1e-6 * max(1, abs(b)), "\(name): affine \(h.affine) vs \(refAffine)")
            }
            // nibabel checks the header twice on some paths and logs such a warning twice: once here
            var nibabelWarnings: [String] = []
            for w in ref["warnings"].array.compactMap(\.string) where !nibabelWarnings.contains(w) { nibabelWarnings.append(w) }
            XCTAssertEqual(warnings, nibabelWarnings.map { "\(path): \($0)" }, name)
            XCTAssertEqual(img.warnings, nibabelWarnings, name)
            let mean = ref["mean"].double ?? .nan
            XCTAssertEqual(s.mean, mean, accuracy: 1e-9 * abs(mean), name)
            XCTAssertEqual(s.min, ref["min"].double, name)
            XCTAssertEqual(s.max, ref["max"].double, name)
        }
    }

    // MARK: finding 5: a vox_offset beyond nifticlib's int never reaches it, and no value is read

    func testVoxOffsetsBeyondTwoGiBAreRefusedAtOpen() throws {
        for v in [2147483648.0, 3.0e9, 9.9e11, 1.0e6] {
            var b = functional
            HostileFiles.patch(&b, at: 108, format: "f", value: v)
            let path = "\(dir)/off.nii"
            try HostileFiles.write(b, path)
            XCTAssertThrowsError(try NIfTIImage(path: path)) { e in
                XCTAssertEqual((e as? NIfTIError)?.kind, .invalidHeader)
                XCTAssertTrue("\(e)".contains("vox_offset") && "\(e)".contains("beyond the end of the file (43192 bytes)"), "\(e)")
            }
        }
        // a 3 MB gzip could expand to 3.1 GB, so 2.5e9 is inside what it may hold; nifticlib's
        // int cannot hold it, so it is refused before nifticlib sees it
        var b = functional
        HostileFiles.patch(&b, at: 108, format: "f", value: 2.5e9)
        try HostileFiles.write(HostileFiles.gzipStored(b + [UInt8](repeating: 0, count: 3 << 20)), "\(dir)/off.nii.gz")
        XCTAssertThrowsError(try NIfTIImage(path: "\(dir)/off.nii.gz")) { e in
            XCTAssertTrue("\(e)".contains("vox_offset 2500000000 is 2 GiB or more"), "\(e)")
        }
    }

    // MARK: finding 6: magic against the file name, as nibabel

    func testMagicMustMatchTheFileName() throws {
        var b = functional
        HostileFiles.patch(&b, at: 344, format: "4s", value: "")
        try HostileFiles.write(b, "\(dir)/nomagic.nii")
        XCTAssertThrowsError(try NIfTIImage(path: "\(dir)/nomagic.nii")) { e in
            XCTAssertEqual((e as? NIfTIError)?.kind, .notNIfTI)
            XCTAssertTrue("\(e)".contains("no NIfTI magic"), "\(e)")
        }
        // a pair's header with the single-file magic 'n+1': nibabel reads it as a pair (data in
        // the .img from vox_offset 0); so does NeuroRep
        var hdr = try HostileFiles.bytes(Fixtures.path("generated/pair.hdr"))
        HostileFiles.patch(&hdr, at: 344, format: "4s", value: "n+1")
        try HostileFiles.write(hdr, "\(dir)/np1.hdr")
        try FileManager.default.copyItem(atPath: Fixtures.path("generated/pair.img"), toPath: "\(dir)/np1.img")
        XCTAssertEqual(try NIfTIImage(path: "\(dir)/np1.hdr").readAllDouble(),
                       try NIfTIImage(path: Fixtures.path("generated/pair.hdr")).readAllDouble())
        // the same header without magic is Analyze 7.5, as in nibabel
        HostileFiles.patch(&hdr, at: 344, format: "4s", value: "")
        try HostileFiles.write(hdr, "\(dir)/np1.hdr")
        XCTAssertEqual(try NIfTIImage(path: "\(dir)/np1.hdr").header.version, 0)
    }

    /// NIfTI-2's EOL check (magic bytes 4...7): nibabel refuses anything but 13 10 26 10 or all
    /// zeros (a file passed through a text-mode line-ending conversion), and reads all zeros.
    func testNIfTI2EOLCheckAsNibabel() throws {
        var b = try HostileFiles.bytes(Fixtures.path("generated/v2_float32.nii"))
        b.replaceSubrange(8..<12, with: [10, 10, 26, 10])
        try HostileFiles.write(b, "\(dir)/eol.nii")
        XCTAssertThrowsError(try NIfTIImage(path: "\(dir)/eol.nii")) { e in
            XCTAssertTrue("\(e)".contains("EOL check"), "\(e)")
        }
        b.replaceSubrange(8..<12, with: [0, 0, 0, 0])
        try HostileFiles.write(b, "\(dir)/eol.nii")
        XCTAssertEqual(try NIfTIImage(path: "\(dir)/eol.nii").readAllDouble(),
                       try NIfTIImage(path: Fixtures.path("generated/v2_float32.nii")).readAllDouble())
    }

    // MARK: finding 1: symlinked datasets (DataLad / git-annex)

    func testSymlinkChainsReadExactlyAsTheirTargets() throws {
        let targets = ["example4d.nii.gz", "functional.nii", "generated/v2_int16_be.nii.gz"]
        for (n, t) in targets.enumerated() {
            let ext = t.hasSuffix(".gz") ? ".nii.gz" : ".nii"
            let link = try HostileFiles.annex(Fixtures.path(t), root: dir, link: "sub-0\(n)/func/sub-0\(n)_task-rest_bold\(ext)",
                                              key: "MD5E-s\(n)--0123456789abcdef\(ext)")
            // a second link to the first (a chain), in another folder
            let chain = "\(dir)/derivatives/chain\(n)\(ext)"
            try FileManager.default.createDirectory(atPath: "\(dir)/derivatives", withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: chain, withDestinationPath: "../sub-0\(n)/func/sub-0\(n)_task-rest_bold\(ext)")
            let direct = try NIfTIImage(path: Fixtures.path(t))
            for p in [link, chain] {
                let img = try NIfTIImage(path: p)
                XCTAssertEqual(img.header.dim, direct.header.dim, p)
                XCTAssertEqual(img.header.affine, direct.header.affine, p)
                XCTAssertEqual(try img.statistics(), try direct.statistics(), p)
                XCTAssertEqual(try img.readAllFloat(), try direct.readAllFloat(), p)
            }
        }
        // a .hdr/.img pair whose two halves are links to differently named annex objects
        try HostileFiles.annex(Fixtures.path("generated/pairgz.hdr.gz"), root: dir, link: "anat/pair.hdr.gz", key: "MD5E-s1--aa.hdr.gz")
        try HostileFiles.annex(Fixtures.path("generated/pairgz.img.gz"), root: dir, link: "anat/pair.img.gz", key: "MD5E-s2--bb.img.gz")
        XCTAssertEqual(try NIfTIImage(path: "\(dir)/anat/pair.hdr.gz").readAllDouble(),
                       try NIfTIImage(path: Fixtures.path("generated/pairgz.hdr.gz")).readAllDouble())
    }

    func testDanglingLinksAndLinkLoopsAreNamed() throws {
        let fm = FileManager.default
        try fm.createSymbolicLink(atPath: "\(dir)/absent.nii.gz", withDestinationPath: ".git/annex/objects/Xx/Yy/KEY/KEY.nii.gz")
        XCTAssertThrowsError(try NIfTIImage(path: "\(dir)/absent.nii.gz")) { e in
            let t = "\(e)"
            XCTAssertEqual((e as? NIfTIError)?.kind, .cannotOpen)
            XCTAssertTrue(t.contains("absent.nii.gz") && t.contains("symbolic link") && t.contains("does not exist") && t.contains("datalad get"), t)
        }
        try fm.createSymbolicLink(atPath: "\(dir)/a.nii", withDestinationPath: "b.nii")
        try fm.createSymbolicLink(atPath: "\(dir)/b.nii", withDestinationPath: "a.nii")
        XCTAssertThrowsError(try NIfTIImage(path: "\(dir)/a.nii")) { e in
            XCTAssertTrue("\(e)".contains("a.nii") && "\(e)".contains("symbolic link loop"), "\(e)")
        }
        // a pair whose .img half is a dangling link: the header opens, the data are named missing
        try fm.copyItem(atPath: Fixtures.path("generated/pair.hdr"), toPath: "\(dir)/half.hdr")
        try fm.createSymbolicLink(atPath: "\(dir)/half.img", withDestinationPath: ".git/annex/objects/none.img")
        XCTAssertThrowsError(try NIfTIImage(path: "\(dir)/half.hdr").readAllDouble()) { e in
            XCTAssertTrue("\(e)".contains("half.img") && "\(e)".contains("does not exist"), "\(e)")
        }
    }

    // MARK: finding 4: memory bounded by the data, not by the header's claim

    /// 400 KB of gzip claiming 20000 x 21000 uint8 (420 MB): more than deflate's 1032:1 can
    /// hold, refused from the file size alone, with no allocation for the claim.
    func testGzipClaimBeyondTheDeflateLimitIsRefusedBeforeAllocating() throws {
        let payload = HostileFiles.uint8Header(shape: [20000, 21000], from: functional) + [UInt8](repeating: 0, count: 399_000)
        let path = "\(dir)/bomb.nii.gz"
        try HostileFiles.write(HostileFiles.gzipStored(payload), path)
        #if os(Linux)
        XCTAssertTrue(HostileFiles.resetPeakMemory())
        let before = HostileFiles.currentMemory()
        #endif
        let start = Date()
        XCTAssertThrowsError(try NIfTIImage(path: path).statistics()) { e in
            XCTAssertEqual((e as? NIfTIError)?.kind, .truncatedData)
            XCTAssertTrue("\(e)".contains("1032") && "\(e)".contains("420000000"), "\(e)")
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 2)
        #if os(Linux)
        let grew = HostileFiles.peakMemory() - before
        print("420 MB gzip claim: peak memory grew by \(grew) bytes")
        XCTAssertLessThan(grew, 16 << 20, "peak memory grew by \(grew) bytes")
        #endif
    }

    /// A claim deflate could hold (200 MB from 1 MB of gzip) whose stream ends after 1 MB: the
    /// reader stops at the first shortfall, having grown its buffer only with the bytes that came.
    func testCutShortGzipStopsAtTheFirstShortfallWithoutAllocatingTheClaim() throws {
        let payload = HostileFiles.uint8Header(shape: [2000, 1000, 100], from: functional) + [UInt8](repeating: 7, count: 1 << 20)
        let path = "\(dir)/short.nii.gz"
        try HostileFiles.write(HostileFiles.gzipStored(payload, complete: false), path)
        for read in [{ _ = try NIfTIImage(path: path).statistics() }, { _ = try NIfTIImage(path: path).readAllFloat() },
                     { _ = try NIfTIImage(path: path).timeSeries(voxels: [0]) }, { _ = try NIfTIImage(path: path).readVolume(0) }] {
            #if os(Linux)
            XCTAssertTrue(HostileFiles.resetPeakMemory())
            let before = HostileFiles.currentMemory()
            #endif
            XCTAssertThrowsError(try read()) { e in
                XCTAssertEqual((e as? NIfTIError)?.kind, .corruptCompression)
                XCTAssertTrue("\(e)".contains("truncated gzip data"), "\(e)")
            }
            #if os(Linux)
            // the claim is 200 MB of uint8 (1.6 GB as float64); the data 1 MB
            let grew = HostileFiles.peakMemory() - before
            print("200 MB claim, 1 MB gzip stream: peak memory grew by \(grew) bytes")
            XCTAssertLessThan(grew, 48 << 20, "peak memory grew by \(grew) bytes")
            #endif
        }
    }

    // MARK: finding 12b: gzip damage is reported as gzip damage

    func testCorruptOrTruncatedGzipIsReportedAsSuch() throws {
        let good = HostileFiles.gzipStored(functional)
        XCTAssertEqual(try NIfTIImage(path: { let p = "\(dir)/good.nii.gz"; try? HostileFiles.write(good, p); return p }()).readAllDouble(),
                       try NIfTIImage(path: Fixtures.path("functional.nii")).readAllDouble())
        // cut inside the header
        try HostileFiles.write(Array(good.prefix(200)), "\(dir)/cut.nii.gz")
        XCTAssertThrowsError(try NIfTIImage(path: "\(dir)/cut.nii.gz")) { e in
            XCTAssertEqual((e as? NIfTIError)?.kind, .corruptCompression)
            XCTAssertTrue("\(e)".contains("truncated gzip data") && "\(e)".contains("byte 200"), "\(e)")
        }
        // an invalid deflate block type (BTYPE 11) in the first block
        var bad = good
        bad[10] = 0x07
        try HostileFiles.write(bad, "\(dir)/bad.nii.gz")
        XCTAssertThrowsError(try NIfTIImage(path: "\(dir)/bad.nii.gz")) { e in
            XCTAssertEqual((e as? NIfTIError)?.kind, .corruptCompression)
            XCTAssertTrue("\(e)".contains("corrupt gzip stream") && "\(e)".contains("at compressed byte"), "\(e)")
            XCTAssertFalse("\(e)".contains("not a NIfTI"), "\(e)")
        }
        // a bad CRC: every data byte arrives, the stream is still refused
        bad = good
        bad[bad.count - 6] ^= 0xff
        try HostileFiles.write(bad, "\(dir)/crc.nii.gz")
        XCTAssertThrowsError(try NIfTIImage(path: "\(dir)/crc.nii.gz").readAllDouble()) { e in
            XCTAssertTrue("\(e)".contains("corrupt gzip stream (CRC-32"), "\(e)")
        }
    }
}

