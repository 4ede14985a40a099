import AtomicFiles
import Foundation

/// NumPy `.npy` files (format versions 1.0, 2.0 and 3.0): reading any of the dtypes in
/// `NPYArray.Storage` in either byte order and either memory order; writing little-endian,
/// C order, version 1.0 (2.0 when the header needs it), as `numpy.save` does.
public enum NPY {
    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // \x93NUMPY
    /// The longest header read: NumPy's own default `max_header_size` (numpy.lib.format), which
    /// it applies for the same reason (a header is parsed before anything else is checked).
    static let maxHeaderLength = 10_000

    /// Where a `.npy` file's data start and how many bytes of data its header declares, from
    /// its first bytes; nil while `prefix` is too short to hold the whole header. NPZ reading
    /// uses this to check a member against its declared shape before inflating the rest.
    static func extent(ofPrefix prefix: Data, name: String) throws -> (dataStart: Int, dataBytes: Int)? {
        let bytes = [UInt8](prefix.prefix(12))
        guard bytes.count >= 10 else { return nil }
        guard Array(bytes[0..<6]) == magic else {
            throw ArrayFileError(path: name, detail: "not a NumPy .npy file (magic \\x93NUMPY missing)")
        }
        if bytes[6] != 1 && bytes.count < 12 { return nil }
        let headerEnd: Int
        switch bytes[6] {
        case 1: headerEnd = 10 + (Int(bytes[8]) | Int(bytes[9]) << 8)
        case 2, 3: headerEnd = 12 + (Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24)
        default: throw ArrayFileError(path: name, detail: "unsupported .npy format version \(bytes[6])")
        }
        guard headerEnd <= maxHeaderLength + 12 else {
            throw ArrayFileError(path: name, detail: "header of \(headerEnd) bytes is longer than NumPy's limit of \(maxHeaderLength) (numpy.lib.format's max_header_size)")
        }
        guard prefix.count >= headerEnd else { return nil }
        // parse exactly as `parse` will: same errors for the same header
        let h = try parseHeader(prefix.prefix(headerEnd), name: name)
        return (h.offset, try h.header.extent(name: name).bytes)
    }

    /// The header dictionary and the offset of the data, from bytes that hold the whole header.
    private static func parseHeader(_ data: Data, name: String) throws -> (header: NPYHeader, offset: Int) {
        let bytes = [UInt8](data.prefix(12))
        let major = bytes[6]
        let headerStart = major == 1 ? 10 : 12
        let headerLength = major == 1 ? Int(bytes[8]) | Int(bytes[9]) << 8
            : Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
        let headerBytes = data.subdata(in: (data.startIndex + headerStart)..<(data.startIndex + headerStart + headerLength))
        guard let text = String(data: headerBytes, encoding: major == 3 ? .utf8 : .isoLatin1) else {
            throw ArrayFileError(path: name, detail: "unreadable .npy header")
        }
        return (try NPYHeader(parsing: text, name: name), headerStart + headerLength)
    }

    /// Reads a `.npy` file.
    public static func read(_ path: String) throws -> NPYArray {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) } catch {
            throw ArrayFileError(path: path, detail: "cannot read file (\(error.localizedDescription))")
        }
        return try parse(data, name: path)
    }

    /// Parses the bytes of a `.npy` file; `name` is used in error messages.
    public static func parse(_ data: Data, name: String) throws -> NPYArray {
        let bytes = [UInt8](data.prefix(12))
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else {
            throw ArrayFileError(path: name, detail: "not a NumPy .npy file (magic \\x93NUMPY missing)")
        }
        let major = bytes[6]
        let headerLength: Int
        let headerStart: Int
        switch major {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw ArrayFileError(path: name, detail: "truncated .npy header") }
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            headerStart = 12
        default:
            throw ArrayFileError(path: name, detail: "unsupported .npy format version \(major)")
        }
        guard headerLength <= maxHeaderLength else {
            throw ArrayFileError(path: name, detail: "header of \(headerLength) bytes is longer than NumPy's limit of \(maxHeaderLength) (numpy.lib.format's max_header_size)")
        }
        guard data.count >= headerStart + headerLength else {
            throw ArrayFileError(path: name, detail: "truncated .npy header")
        }
        let headerBytes = data.subdata(in: (data.startIndex + headerStart)..<(data.startIndex + headerStart + headerLength))
        guard let header = String(data: headerBytes, encoding: major == 3 ? .utf8 : .isoLatin1) else {
            throw ArrayFileError(path: name, detail: "unreadable .npy header")
        }
        let dict = try NPYHeader(parsing: header, name: name)
        let offset = headerStart + headerLength
        let (n, needed) = try dict.extent(name: name)
        guard data.count - offset >= needed else {
            throw ArrayFileError(path: name, detail: "data truncated: shape \(dict.shape) of \(dict.descr) needs \(needed) bytes, file has \(data.count - offset)")
        }
        // decode straight from the (memory-mapped) file: no intermediate copy of the payload
        var storage = try data.withUnsafeBytes { raw in
            try decode(UnsafeRawBufferPointer(rebasing: raw[offset...]), count: n, descr: dict.descr, name: name)
        }
        if dict.fortranOrder && dict.shape.count > 1 {
            storage = transposeToC(storage, shape: dict.shape)
        }
        return NPYArray(shape: dict.shape, storage: storage)
    }

    /// Writes an array as `.npy` (atomically: temporary file, then rename).
    public static func write(_ array: NPYArray, to path: String) throws {
        try AtomicFile.write(encode(array), to: path)
    }

    /// Writes a float64 array.
    public static func write(_ values: [Double], shape: [Int], to path: String) throws {
        try write(NPYArray(shape: shape, doubles: values), to: path)
    }

    /// The bytes of a `.npy` file for an array.
    public static func encode(_ array: NPYArray) -> Data {
        let shapeText: String
        switch array.shape.count {
        case 0: shapeText = "()"
        case 1: shapeText = "(\(array.shape[0]),)"
        default: shapeText = "(" + array.shape.map(String.init).joined(separator: ", ") + ")"
        }
        var header = "{'descr': '\(array.descr)', 'fortran_order': False, 'shape': \(shapeText), }"
        // pad with spaces so that the data start at a multiple of 64, ending in a newline
        let useV2 = header.utf8.count + 11 > 65535
        let prefix = useV2 ? 12 : 10
        let total = prefix + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - total % 64) % 64) + "\n"
        var out = Data(magic)
        out.append(contentsOf: useV2 ? [2, 0] : [1, 0])
        let len = header.utf8.count
        if useV2 {
            out.append(contentsOf: [UInt8(len & 0xff), UInt8((len >> 8) & 0xff), UInt8((len >> 16) & 0xff), UInt8(len >> 24)])
        } else {
            out.append(contentsOf: [UInt8(len & 0xff), UInt8(len >> 8)])
        }
        out.append(contentsOf: Array(header.utf8))
        switch array.storage {
        case .float32(let a): appendLittleEndian(a.map { $0.bitPattern }, to: &out)
        case .float64(let a): appendLittleEndian(a.map { $0.bitPattern }, to: &out)
        case .int8(let a): a.withUnsafeBytes { out.append(contentsOf: $0) }
        case .uint8(let a): out.append(contentsOf: a)
        case .int16(let a): appendLittleEndian(a, to: &out)
        case .uint16(let a): appendLittleEndian(a, to: &out)
        case .int32(let a): appendLittleEndian(a, to: &out)
        case .uint32(let a): appendLittleEndian(a, to: &out)
        case .int64(let a): appendLittleEndian(a, to: &out)
        case .uint64(let a): appendLittleEndian(a, to: &out)
        case .bool(let a): out.append(contentsOf: a.map { $0 ? 1 : 0 })
        }
        return out
    }

    private static func appendLittleEndian<T: FixedWidthInteger>(_ values: [T], to out: inout Data) {
        if 1.littleEndian == 1 {
            values.withUnsafeBytes { out.append(contentsOf: $0) }
        } else {
            values.map { $0.littleEndian }.withUnsafeBytes { out.append(contentsOf: $0) }
        }
    }

    private static func decode(_ payload: UnsafeRawBufferPointer, count n: Int, descr: String, name: String) throws -> NPYArray.Storage {
        let order = descr.first ?? "|"
        let kind = descr.dropFirst()
        let hostLittle = 1.littleEndian == 1
        let swap = (order == ">" && hostLittle) || (order == "<" && !hostLittle)
        /// Elements in host order: one memcpy when the file's order is the host's.
        func ints<T: FixedWidthInteger>(_: T.Type) -> [T] {
            [T](unsafeUninitializedCapacity: n) { buf, count in
                if n > 0 { memcpy(buf.baseAddress!, payload.baseAddress!, n * MemoryLayout<T>.size) }
                if swap { for i in 0..<n { buf[i] = buf[i].byteSwapped } }
                count = n
            }
        }
        /// Floating-point elements: reinterpreted from their bit patterns in one copy.
        func floats<F, Bits: FixedWidthInteger>(_: F.Type, _: Bits.Type) -> [F] {
            [F](unsafeUninitializedCapacity: n) { buf, count in
                if n > 0 { memcpy(buf.baseAddress!, payload.baseAddress!, n * MemoryLayout<F>.size) }
                if swap {
                    let raw = UnsafeMutableRawBufferPointer(buf)
                    let size = MemoryLayout<Bits>.size
                    for i in 0..<n {
                        raw.storeBytes(of: raw.load(fromByteOffset: i * size, as: Bits.self).byteSwapped, toByteOffset: i * size, as: Bits.self)
                    }
                }
                count = n
            }
        }
        switch kind {
        case "f4": return .float32(floats(Float.self, UInt32.self))
        case "f8": return .float64(floats(Double.self, UInt64.self))
        case "i1": return .int8(ints(Int8.self))
        case "u1": return .uint8(ints(UInt8.self))
        case "b1": return .bool(ints(UInt8.self).map { $0 != 0 })
        case "i2": return .int16(ints(Int16.self))
        case "u2": return .uint16(ints(UInt16.self))
        case "i4": return .int32(ints(Int32.self))
        case "u4": return .uint32(ints(UInt32.self))
        case "i8": return .int64(ints(Int64.self))
        case "u8": return .uint64(ints(UInt64.self))
        default:
            throw ArrayFileError(path: name, detail: "unsupported dtype '\(descr)' (supported: float32/64, (u)int8/16/32/64, bool)")
        }
    }

    /// Fortran order has the first index varying fastest; reorder to C order (last fastest).
    static func transposeToC(_ s: NPYArray.Storage, shape: [Int]) -> NPYArray.Storage {
        let n = shape.reduce(1, *)
        // index map: C-order position -> Fortran-order position
        var fStrides = [Int](repeating: 1, count: shape.count)
        for d in 1..<shape.count { fStrides[d] = fStrides[d - 1] * shape[d - 1] }
        var map = [Int](repeating: 0, count: n)
        var idx = [Int](repeating: 0, count: shape.count)
        for c in 0..<n {
            var f = 0
            for d in 0..<shape.count { f += idx[d] * fStrides[d] }
            map[c] = f
            var d = shape.count - 1
            while d >= 0 { idx[d] += 1; if idx[d] < shape[d] { break }; idx[d] = 0; d -= 1 }
        }
        func re<T>(_ a: [T]) -> [T] { map.map { a[$0] } }
        switch s {
        case .float32(let a): return .float32(re(a))
        case .float64(let a): return .float64(re(a))
        case .int8(let a): return .int8(re(a))
        case .uint8(let a): return .uint8(re(a))
        case .int16(let a): return .int16(re(a))
        case .uint16(let a): return .uint16(re(a))
        case .int32(let a): return .int32(re(a))
        case .uint32(let a): return .uint32(re(a))
        case .int64(let a): return .int64(re(a))
        case .uint64(let a): return .uint64(re(a))
        case .bool(let a): return .bool(re(a))
        }
    }
}

/// The Python-literal dictionary at the start of a `.npy` file.
struct NPYHeader {
    var descr: String
    var fortranOrder: Bool
    var shape: [Int]

    var itemSize: Int { Int(descr.dropFirst(2)) ?? 0 }

    /// Elements and data bytes the header declares (overflow-checked: the shape comes from the file).
    func extent(name: String) throws -> (count: Int, bytes: Int) {
        guard let n = ElementCount.of(shape), let b = ElementCount.bytes(shape, itemSize: itemSize) else {
            throw ArrayFileError(path: name, detail: "shape \(shape) of \(descr) has more elements than can be addressed (element count overflows)")
        }
        return (n, b)
    }

    init(parsing text: String, name: String) throws {
        // numpy evaluates the header as one Python dict literal: a header cut short or running
        // into the data (a wrong header length) is an error there, and here
        let body = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard body.hasPrefix("{"), body.hasSuffix("}") else {
            throw ArrayFileError(path: name, detail: "malformed .npy header (not one {...} dictionary; wrong header length?): \(text.prefix(200))")
        }
        func value(of key: String) -> Substring? {
            guard let r = text.range(of: "'\(key)'") ?? text.range(of: "\"\(key)\"") else { return nil }
            var rest = text[r.upperBound...].drop { $0 == " " }
            guard rest.first == ":" else { return nil }
            rest = rest.dropFirst().drop { $0 == " " }
            return rest
        }
        guard var d = value(of: "descr"), let q = d.first, q == "'" || q == "\"" else {
            throw ArrayFileError(path: name, detail: "malformed .npy header (no descr): \(text)")
        }
        d = d.dropFirst()
        guard let end = d.firstIndex(of: q) else { throw ArrayFileError(path: name, detail: "malformed .npy header descr") }
        var descr = String(d[..<end])
        if descr.first == "=" { descr = (1.littleEndian == 1 ? "<" : ">") + descr.dropFirst() }
        if descr.count == 2 { descr = "|" + descr }  // e.g. 'u1' without order
        guard let order = descr.first, ["<", ">", "|"].contains(order) else {
            throw ArrayFileError(path: name, detail: "unsupported dtype '\(descr)' (structured or object arrays are not supported)")
        }
        self.descr = descr
        guard let f = value(of: "fortran_order") else { throw ArrayFileError(path: name, detail: "malformed .npy header (no fortran_order)") }
        // exactly the Python literals True or False (a corrupted word is not False)
        let word = f.prefix { $0.isLetter }
        guard word == "True" || word == "False" else {
            throw ArrayFileError(path: name, detail: "malformed .npy header: fortran_order is '\(f.prefix(8))', not True or False")
        }
        fortranOrder = word == "True"
        guard var s = value(of: "shape"), s.first == "(" else { throw ArrayFileError(path: name, detail: "malformed .npy header (no shape)") }
        s = s.dropFirst()
        guard let close = s.firstIndex(of: ")") else { throw ArrayFileError(path: name, detail: "malformed .npy shape") }
        let parts = s[..<close].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var dims: [Int] = []
        for p in parts {
            guard let v = Int(p.hasSuffix("L") ? String(p.dropLast()) : p), v >= 0 else {
                throw ArrayFileError(path: name, detail: "malformed .npy shape entry '\(p)'")
            }
            dims.append(v)
        }
        shape = dims
    }
}
