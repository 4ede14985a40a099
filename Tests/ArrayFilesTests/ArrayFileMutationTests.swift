@testable import ArrayFiles
import Foundation
import XCTest

/// Seeded mutation test of the array readers (issue 12, build 8): every fixture is mutated
/// many times (header bytes, truncation, appended bytes, shape lies, dtype lies, ZIP corruption)
/// and read again. Every case must end in a clean error (an `ArrayFileError` naming the file) or
/// in a result equal to the reference read of the unmutated file wherever the mutation left
/// the declared shape and dtype alone. A trap anywhere ends the test run, which is the failure
/// this test exists to catch. Runs in a few seconds; the seed makes every case reproducible.
final class ArrayFileMutationTests: XCTestCase {
    let fixtures = Bundle.module.resourceURL!.appendingPathComponent("Fixtures").path
    lazy var work: String = {
        let p = FileManager.default.temporaryDirectory.appendingPathComponent("mutation-\(UUID().uuidString.prefix(8))").path
        try? FileManager.default.createDirectory(atPath: p, withIntermediateDirectories: true)
        return p
    }()

    /// SplitMix64: the test's own seeded generator (no dependency on LinearAlgebra).
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Values that headers lie with: overflowing, negative, huge, zero.
    static let lies = ["4611686018427387904", "3037000500", "-1", "0", "99999999999999999999999", "2147483648",
                       "18446744073709551615", "1e3", "3.0", "65536", "9223372036854775807"]

    // MARK: mutations

    enum Mutation: CustomStringConvertible {
        case flipHeaderByte(offset: Int, xor: UInt8)
        case flipByte(offset: Int, xor: UInt8)
        case truncate(length: Int)
        case append(count: Int)
        case shapeLie(String)
        case dtypeLie(String)
        var description: String {
            switch self {
            case let .flipHeaderByte(o, x): return "header byte \(o) ^ \(x)"
            case let .flipByte(o, x): return "byte \(o) ^ \(x)"
            case let .truncate(n): return "truncated to \(n) bytes"
            case let .append(n): return "\(n) bytes appended"
            case let .shapeLie(s): return "shape replaced by \(s)"
            case let .dtypeLie(s): return "dtype replaced by \(s)"
            }
        }
    }

    func randomMutation(headerLength: Int, size: Int, kind: String, using g: inout SplitMix) -> Mutation {
        // a lie inside a compressed member is only a CRC error; NPZ lies are made whole (below)
        switch Int.random(in: 0..<(kind == "npz" ? 4 : 6), using: &g) {
        case 0: return .flipHeaderByte(offset: Int.random(in: 0..<max(1, headerLength), using: &g), xor: UInt8.random(in: 1...255, using: &g))
        // anywhere in an NPZ (CRC-protected); NPY and safetensors payloads carry no checksum, so a
        // flipped data byte is a different valid array: their flips stay in the header
        case 1: return .flipByte(offset: Int.random(in: 0..<(kind == "npz" ? size : max(1, headerLength)), using: &g), xor: UInt8.random(in: 1...255, using: &g))
        case 2: return .truncate(length: Int.random(in: 0..<size, using: &g))
        case 3: return .append(count: Int.random(in: 1...64, using: &g))
        case 4:
            let dims = (0..<Int.random(in: 1...4, using: &g)).map { _ in Self.lies.randomElement(using: &g)! }
            return .shapeLie(kind == "npy" ? "(" + dims.joined(separator: ", ") + (dims.count == 1 ? ",)" : ")") : "[" + dims.joined(separator: ",") + "]")
        default:
            let npy = ["<f8", ">f4", "|u1", "<i8", "<f2", "<U8", "|O", "", "<f16", "<c16", "=f8", "|b1"]
            let st = ["F64", "F32", "F16", "BF16", "I64", "U8", "BOOL", "F8", "", "C64", "I128"]
            return .dtypeLie((kind == "npy" ? npy : st).randomElement(using: &g)!)
        }
    }

    /// Applies a mutation; header rewrites keep the NPY header length (padded or cut with spaces).
    func apply(_ m: Mutation, to data: Data, kind: String) -> Data {
        var d = data
        switch m {
        case let .flipHeaderByte(o, x), let .flipByte(o, x):
            if o < d.count { d[d.startIndex + o] ^= x }
        case let .truncate(n): d = d.prefix(n)
        case let .append(n): d.append(Data((0..<n).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }))
        case let .shapeLie(s), let .dtypeLie(s):
            let isShape: Bool
            if case .shapeLie = m { isShape = true } else { isShape = false }
            d = rewriteHeader(d, kind: kind) { text in
                if kind == "npy" {
                    let pattern = isShape ? #"'shape': \([^)]*\)"# : #"'descr': '[^']*'"#
                    let replacement = isShape ? "'shape': \(s)" : "'descr': '\(s)'"
                    return text.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
                }
                let pattern = isShape ? #""shape":\[[^\]]*\]"# : #""dtype":"[^"]*""#
                let replacement = isShape ? "\"shape\":\(s)" : "\"dtype\":\"\(s)\""
                guard let r = text.range(of: pattern, options: .regularExpression) else { return text }
                return text.replacingCharacters(in: r, with: replacement)
            }
        }
        return d
    }

    func rewriteHeader(_ d: Data, kind: String, _ edit: (String) -> String) -> Data {
        let bytes = [UInt8](d)
        if kind == "npy" {
            guard bytes.count >= 10 else { return d }
            let len = Int(bytes[8]) | Int(bytes[9]) << 8
            guard bytes.count >= 10 + len, let text = String(bytes: bytes[10..<(10 + len)], encoding: .isoLatin1) else { return d }
            var new = Array(edit(text.trimmingCharacters(in: .whitespacesAndNewlines)).utf8)
            new = Array(new.prefix(len - 1)) + [UInt8](repeating: 0x20, count: max(0, len - 1 - new.count)) + [0x0A]
            return Data(bytes[0..<10] + new + bytes[(10 + len)...])
        }
        guard bytes.count >= 8 else { return d }
        let len = bytes[0..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        guard len <= bytes.count - 8, let text = String(bytes: bytes[8..<(8 + len)], encoding: .utf8) else { return d }
        var new = Array(edit(text.trimmingCharacters(in: .whitespaces)).utf8)
        new += [UInt8](repeating: 0x20, count: max(0, len - new.count))
        let n = new.count
        return Data((0..<8).map { UInt8(truncatingIfNeeded: n >> (8 * $0)) } + new + bytes[(8 + len)...])
    }

    // MARK: oracle

    /// A clean error names the file; anything else (or a trap) fails.
    func assertClean(_ error: Error, path: String, _ what: String) {
        guard let e = error as? ArrayFileError else { return XCTFail("\(what): not an ArrayFileError: \(type(of: error)) \(error)") }
        XCTAssertTrue(e.path.hasPrefix(path), "\(what): error does not name the file: \(e)")
    }

    /// Same declared shape and dtype as the reference: the values must be the reference's.
    func assertConsistent(_ a: NPYArray, reference r: NPYArray, _ what: String) {
        XCTAssertEqual(a.count, a.shape.reduce(1, *), "\(what): element count does not match the shape")
        if a.shape == r.shape && a.descr == r.descr {
            XCTAssertTrue(a.storage == r.storage || (a.doubles.elementsEqual(r.doubles) { $0 == $1 || ($0.isNaN && $1.isNaN) }),
                          "\(what): same shape and dtype as the reference but different values")
        }
    }

    /// True when the mutation rewrites a dtype or the NPY header length: byte order, F16 / BF16
    /// or a moved data start change the values legitimately (numpy reads them so too) while the
    /// decoded shape and dtype stay the same, so values are not compared then.
    func changesDtype(_ m: Mutation, _ original: Data, kind: String) -> Bool {
        switch m {
        case .dtypeLie: return true
        case let .flipHeaderByte(o, _), let .flipByte(o, _):
            // the NPY header length moves the data start (numpy reads from there too)
            if kind == "npy" && (8..<12).contains(o) { return true }
            guard kind != "npz", let text = String(data: original.prefix(2048), encoding: .isoLatin1) else { return false }
            let pattern = kind == "npy" ? #"'descr': '[^']*'"# : #""dtype":"[^"]*""#
            var start = text.startIndex
            while let r = text.range(of: pattern, options: .regularExpression, range: start..<text.endIndex) {
                let lo = text.distance(from: text.startIndex, to: r.lowerBound), hi = text.distance(from: text.startIndex, to: r.upperBound)
                if o >= lo && o < hi { return true }
                start = r.upperBound
            }
            return false
        default: return false
        }
    }

    /// Mutates `fixture` `count` times and reads each mutant with `read`.
    func fuzz(_ fixture: String, kind: String, count: Int, seed: UInt64, headerLength: Int,
              read: (String) throws -> [NPYArray], reference: [NPYArray]) throws {
        let original = try Data(contentsOf: URL(fileURLWithPath: fixtures + "/" + fixture))
        let bytes = [UInt8](original.prefix(10))
        // where the payload starts: header mutations stay before it
        let headerLength = kind == "npy" ? 10 + (Int(bytes[8]) | Int(bytes[9]) << 8)
            : kind == "safetensors" ? 8 + bytes[0..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) } : headerLength
        var g = SplitMix(state: seed)
        let ext = (fixture as NSString).pathExtension
        for k in 0..<count {
            let m = randomMutation(headerLength: headerLength, size: original.count, kind: kind, using: &g)
            let mutant = apply(m, to: original, kind: kind)
            let path = "\(work)/\(kind)-\(k).\(ext)"
            try mutant.write(to: URL(fileURLWithPath: path))
            let what = "\(fixture) case \(k) (\(m))"
            do {
                let arrays = try read(path)
                if arrays.count == reference.count && !changesDtype(m, original, kind: kind) {
                    for (a, r) in zip(arrays, reference) { assertConsistent(a, reference: r, what) }
                }
            } catch { assertClean(error, path: path, what) }
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    /// A ZIP holding `members` stored (no compression), with correct CRCs: the archive is
    /// sound, so only the members' own headers can lie.
    static func storedZip(_ members: [(name: String, data: Data)]) -> Data {
        func le(_ v: Int, _ n: Int) -> [UInt8] { (0..<n).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
        var out: [UInt8] = [], central: [UInt8] = []
        for (name, data) in members {
            let crc = Int(data.withUnsafeBytes(CRC32.checksum))
            let common = le(20, 2) + le(0, 2) + le(0, 2) + le(0, 2) + le(0x21, 2) + le(crc, 4) + le(data.count, 4) + le(data.count, 4)
                + le(name.utf8.count, 2) + le(0, 2)
            central += le(0x0201_4b50, 4) + le(20, 2) + common + le(0, 2) + le(0, 2) + le(0, 2) + le(0, 4) + le(out.count, 4) + Array(name.utf8)
            out += le(0x0403_4b50, 4) + common + Array(name.utf8) + [UInt8](data)
        }
        let eocd = le(0x0605_4b50, 4) + le(0, 2) + le(0, 2) + le(members.count, 2) + le(members.count, 2) + le(central.count, 4) + le(out.count, 4) + le(0, 2)
        return Data(out + central + eocd)
    }

    // MARK: tests

    func testNPYMutations() throws {
        for (i, f) in ["f8_le.npy", "f4_fortran_2d.npy", "int_bei4.npy", "bool.npy", "scalar.npy", "f8_be.npy"].enumerated() {
            let reference = try NPY.read(fixtures + "/" + f)
            try fuzz(f, kind: "npy", count: 250, seed: 1000 + UInt64(i), headerLength: 128,
                     read: { [try NPY.read($0)] }, reference: [reference])
        }
    }

    func testNPZMutations() throws {
        for (i, f) in ["layers.npz", "layers_compressed.npz"].enumerated() {
            let reference = try NPZ.read(fixtures + "/" + f).map(\.array)
            try fuzz(f, kind: "npz", count: 300, seed: 2000 + UInt64(i), headerLength: 160,
                     read: { try NPZ.read($0).map(\.array) }, reference: reference)
        }
    }

    /// Shape and dtype lies inside NPZ members whose archive is otherwise sound (right CRCs).
    func testNPZMemberHeaderLies() throws {
        let member = try Data(contentsOf: URL(fileURLWithPath: fixtures + "/f8_le.npy"))
        let reference = try NPY.read(fixtures + "/f8_le.npy")
        var g = SplitMix(state: 2100)
        for k in 0..<200 {
            var m = randomMutation(headerLength: 128, size: member.count, kind: "npy", using: &g)
            while case .flipByte = m { m = randomMutation(headerLength: 128, size: member.count, kind: "npy", using: &g) }
            if case let .flipHeaderByte(o, _) = m, o >= 128 { continue }  // f8_le.npy's payload starts at 128
            let path = "\(work)/lie-\(k).npz"
            try Self.storedZip([("a.npy", apply(m, to: member, kind: "npy"))]).write(to: URL(fileURLWithPath: path))
            let what = "lying member case \(k) (\(m))"
            do {
                let arrays = try NPZ.read(path)
                XCTAssertEqual(arrays.count, 1, what)
                if let a = arrays.first?.array { assertConsistent(a, reference: reference, what) }
            } catch { assertClean(error, path: path, what) }
            try? FileManager.default.removeItem(atPath: path)
        }
        // the sound archive itself reads back as the reference
        let path = "\(work)/sound.npz"
        try Self.storedZip([("a.npy", member)]).write(to: URL(fileURLWithPath: path))
        XCTAssertEqual(try NPZ.read(path).first?.array, reference)
    }

    func testSafetensorsMutations() throws {
        for (i, f) in ["activations/f32.safetensors", "activations/f16.safetensors", "activations/bf16.safetensors"].enumerated() {
            let reference = try Safetensors.read(fixtures + "/" + f).tensors.map(\.array)
            try fuzz(f, kind: "safetensors", count: 400, seed: 3000 + UInt64(i), headerLength: 200,
                     read: { try Safetensors.read($0).tensors.map(\.array) }, reference: reference)
        }
    }

    /// Through the layer reader (shape checks and float64 conversion on top of the file readers).
    func testLayerActivationMutations() throws {
        for (i, f) in ["activations/layers.npz", "activations/f32.safetensors"].enumerated() {
            let kind = f.hasSuffix(".npz") ? "npz" : "safetensors"
            let reference = try LayerActivations.read(fixtures + "/" + f).map { NPYArray(shape: $0.shape, doubles: $0.values) }
            try fuzz(f, kind: kind, count: 300, seed: 4000 + UInt64(i), headerLength: 200,
                     read: { try LayerActivations.read($0).map { NPYArray(shape: $0.shape, doubles: $0.values) } }, reference: reference)
        }
    }
}
