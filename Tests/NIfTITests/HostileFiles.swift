import Foundation
import XCTest

/// Builders of hostile inputs for the NIfTI tests: header patches, hand-made gzip streams,
/// DataLad-style symlink trees, and the process's peak memory.
enum HostileFiles {
    /// A fresh temporary folder.
    static func folder(_ tag: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nifti-\(tag)-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static func bytes(_ path: String) throws -> [UInt8] { try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))) }

    static func write(_ bytes: [UInt8], _ path: String) throws { try Data(bytes).write(to: URL(fileURLWithPath: path)) }

    /// Writes a little-endian value at a byte offset, as Python's `struct.pack("<" + fmt, v)`:
    /// "h" int16, "i" int32, "f" float32, "4s" four bytes of text (NUL-padded).
    static func patch(_ b: inout [UInt8], at offset: Int, format: String, value: Any) {
        var out: [UInt8]
        switch format {
        case "h": out = withUnsafeBytes(of: Int16(truncatingIfNeeded: (value as? Int) ?? 0).littleEndian) { Array($0) }
        case "i": out = withUnsafeBytes(of: Int32(truncatingIfNeeded: (value as? Int) ?? 0).littleEndian) { Array($0) }
        case "f":
            let v: Float
            if let s = value as? String { v = s == "nan" ? .nan : (s == "inf" ? .infinity : -.infinity) } else { v = Float((value as? Double) ?? Double((value as? Int) ?? 0)) }
            out = withUnsafeBytes(of: v.bitPattern.littleEndian) { Array($0) }
        default:
            out = Array(((value as? String) ?? "").utf8.prefix(4))
            while out.count < 4 { out.append(0) }
        }
        b.replaceSubrange(offset..<(offset + out.count), with: out)
    }

    /// A NIfTI-1 single-file header (352 bytes: functional.nii's, re-dimensioned) for `shape`
    /// in uint8, data at 352.
    static func uint8Header(shape: [Int], from functional: [UInt8]) -> [UInt8] {
        var h = Array(functional.prefix(352))
        patch(&h, at: 40, format: "h", value: shape.count)
        for i in 0..<7 { patch(&h, at: 42 + 2 * i, format: "h", value: i < shape.count ? shape[i] : 1) }
        patch(&h, at: 70, format: "h", value: 2)   // datatype uint8
        patch(&h, at: 72, format: "h", value: 8)   // bitpix
        patch(&h, at: 112, format: "f", value: 0.0) // no scaling
        return h
    }

    /// A gzip file holding `payload` in stored (uncompressed) deflate blocks: with `complete`
    /// false the last block is not marked final and the trailer is missing (a cut-short stream).
    static func gzipStored(_ payload: [UInt8], complete: Bool = true) -> [UInt8] {
        var out: [UInt8] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]
        var i = 0
        repeat {
            let n = min(65535, payload.count - i)
            let last = complete && i + n == payload.count
            out.append(last ? 1 : 0)
            out += [UInt8(n & 0xff), UInt8(n >> 8), UInt8(~n & 0xff), UInt8((~n >> 8) & 0xff)]
            out += payload[i..<(i + n)]
            i += n
        } while i < payload.count
        if complete {
            let crc = crc32(payload), size = UInt32(truncatingIfNeeded: payload.count)
            out += withUnsafeBytes(of: crc.littleEndian) { Array($0) } + withUnsafeBytes(of: size.littleEndian) { Array($0) }
        }
        return out
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var table = [UInt32](repeating: 0, count: 256)
        for i in 0..<256 {
            var c = UInt32(i)
            for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            table[i] = c
        }
        var crc: UInt32 = 0xFFFF_FFFF
        for b in bytes { crc = table[Int((crc ^ UInt32(b)) & 0xff)] ^ (crc >> 8) }
        return ~crc
    }

    /// Puts `source` into a git-annex-like store under `root` (`.git/annex/objects/Xx/Yy/KEY/KEY`,
    /// the key keeping the extension, as MD5E keys do) and links `link` (relative to root) to it
    /// with a relative symlink, as `datalad get` leaves a dataset. Returns the link's path.
    @discardableResult
    static func annex(_ source: String, root: String, link: String, key: String) throws -> String {
        let fm = FileManager.default
        let objectDir = "\(root)/.git/annex/objects/Xx/Yy/\(key)"
        try fm.createDirectory(atPath: objectDir, withIntermediateDirectories: true)
        if !fm.fileExists(atPath: "\(objectDir)/\(key)") { try fm.copyItem(atPath: source, toPath: "\(objectDir)/\(key)") }
        let linkPath = "\(root)/\(link)"
        let linkDir = (linkPath as NSString).deletingLastPathComponent
        try fm.createDirectory(atPath: linkDir, withIntermediateDirectories: true)
        let depth = link.split(separator: "/").count - 1
        let up = String(repeating: "../", count: depth)
        try fm.createSymbolicLink(atPath: linkPath, withDestinationPath: "\(up).git/annex/objects/Xx/Yy/\(key)/\(key)")
        return linkPath
    }

    #if os(Linux)
    /// Resets the kernel's peak-RSS mark of this process (`/proc/self/clear_refs`, value 5).
    static func resetPeakMemory() -> Bool {
        guard let fh = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? fh.close() }
        return (try? fh.write(contentsOf: Data("5".utf8))) != nil
    }

    /// Peak resident memory of this process since the last reset, in bytes (VmHWM).
    static func peakMemory() -> Int {
        guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = s.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kb = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") else { return 0 }
        return kb * 1024
    }

    /// Current resident memory (VmRSS), in bytes.
    static func currentMemory() -> Int {
        guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = s.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kb = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") else { return 0 }
        return kb * 1024
    }
    #endif
}
