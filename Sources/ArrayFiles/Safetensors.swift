import Foundation

/// Hugging Face `safetensors` files, as PyTorch and JAX users save model weights and activations
/// (`safetensors.torch.save_file`, `safetensors.numpy.save_file`).
///
/// Layout (https://github.com/huggingface/safetensors, "Format"): an unsigned little-endian
/// 64-bit header length N, N bytes of UTF-8 JSON mapping each tensor name to
/// `{"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}` (offsets relative to the
/// first byte after the header) plus an optional `"__metadata__"` string map, then the
/// little-endian, C-order tensor bytes. Floating dtypes F64, F32, F16 and BF16 are read (half
/// precision widened exactly to float32); integer dtypes I8..I64, U8..U64 and BOOL too.
/// Tensors are returned in the order of their data in the file, which is the order in which
/// the writer laid them out.
public enum Safetensors {
    /// One tensor of a safetensors file.
    public struct Tensor: Sendable, Equatable {
        public let name: String
        /// The dtype as written in the header (`F32`, `F16`, `BF16`, ...).
        public let dtype: String
        public let array: NPYArray
    }

    /// The header's `__metadata__` map (empty when absent) and the tensors in file order.
    public struct File: Sendable, Equatable {
        public let metadata: [String: String]
        public let tensors: [Tensor]
    }

    /// Reads a `.safetensors` file.
    public static func read(_ path: String) throws -> File {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) } catch {
            throw ArrayFileError(path: path, detail: "cannot read file (\(error.localizedDescription))")
        }
        return try parse(data, name: path)
    }

    /// Parses the bytes of a safetensors file; `name` is used in error messages.
    public static func parse(_ data: Data, name: String) throws -> File {
        let bytes = data.withUnsafeBytes { Array($0.prefix(8)) }
        guard bytes.count == 8 else { throw ArrayFileError(path: name, detail: "not a safetensors file (shorter than its 8-byte header length)") }
        var headerLength: UInt64 = 0
        for (k, b) in bytes.enumerated() { headerLength |= UInt64(b) << (8 * UInt64(k)) }
        guard headerLength <= UInt64(data.count - 8), headerLength <= 100_000_000 else {
            throw ArrayFileError(path: name, detail: "not a safetensors file (header length \(headerLength) exceeds the file size \(data.count))")
        }
        let start = data.startIndex
        let headerData = data.subdata(in: (start + 8)..<(start + 8 + Int(headerLength)))
        // JSONSerialization is used for the header's strings and integers only (exact for both).
        guard let object = try? JSONSerialization.jsonObject(with: headerData), let header = object as? [String: Any] else {
            throw ArrayFileError(path: name, detail: "safetensors header is not a JSON object")
        }
        let payloadStart = 8 + Int(headerLength)
        let payloadCount = data.count - payloadStart
        var metadata: [String: String] = [:]
        var entries: [(begin: Int, tensor: Tensor)] = []
        for (key, value) in header {
            if key == "__metadata__" {
                guard let m = value as? [String: Any] else { throw ArrayFileError(path: name, detail: "__metadata__ is not an object") }
                for (k, v) in m { metadata[k] = (v as? String) ?? "\(v)" }
                continue
            }
            guard let info = value as? [String: Any], let dtype = info["dtype"] as? String,
                  let shapeAny = info["shape"] as? [Any], let offsetsAny = info["data_offsets"] as? [Any],
                  offsetsAny.count == 2 else {
                throw ArrayFileError(path: name, detail: "tensor '\(key)': header entry needs dtype, shape and two data_offsets")
            }
            let shape = try shapeAny.map { try integer($0, name: name, what: "tensor '\(key)' shape") }
            let begin = try integer(offsetsAny[0], name: name, what: "tensor '\(key)' data_offsets")
            let end = try integer(offsetsAny[1], name: name, what: "tensor '\(key)' data_offsets")
            guard shape.allSatisfy({ $0 >= 0 }), begin >= 0, end >= begin, end <= payloadCount else {
                throw ArrayFileError(path: name, detail: "tensor '\(key)': data_offsets [\(begin), \(end)] outside the \(payloadCount) data bytes")
            }
            guard let size = itemSize(dtype) else {
                throw ArrayFileError(path: name, detail: "tensor '\(key)': unsupported dtype \(dtype) (supported: F64, F32, F16, BF16, I8-I64, U8-U64, BOOL)")
            }
            guard let count = ElementCount.of(shape), let bytes = ElementCount.bytes(shape, itemSize: size) else {
                throw ArrayFileError(path: name, detail: "tensor '\(key)': shape \(shape) of \(dtype) has more elements than can be addressed (element count overflows)")
            }
            guard end - begin == bytes else {
                throw ArrayFileError(path: name, detail: "tensor '\(key)': shape \(shape) of \(dtype) needs \(bytes) bytes, data_offsets give \(end - begin)")
            }
            let raw = data.subdata(in: (start + payloadStart + begin)..<(start + payloadStart + end))
            let storage = decode(raw, count: count, dtype: dtype)
            entries.append((begin, Tensor(name: key, dtype: dtype, array: NPYArray(shape: shape, storage: storage))))
        }
        entries.sort { $0.begin != $1.begin ? $0.begin < $1.begin : $0.tensor.name < $1.tensor.name }
        return File(metadata: metadata, tensors: entries.map(\.tensor))
    }

    private static func integer(_ v: Any, name: String, what: String) throws -> Int {
        if let n = v as? NSNumber, let i = Int(exactly: n.doubleValue), n.doubleValue == n.doubleValue.rounded() { return i }
        throw ArrayFileError(path: name, detail: "\(what): '\(v)' is not an integer")
    }

    static func itemSize(_ dtype: String) -> Int? {
        switch dtype {
        case "F64", "I64", "U64": return 8
        case "F32", "I32", "U32": return 4
        case "F16", "BF16", "I16", "U16": return 2
        case "I8", "U8", "BOOL": return 1
        default: return nil
        }
    }

    private static func decode(_ raw: Data, count n: Int, dtype: String) -> NPYArray.Storage {
        func le<T: FixedWidthInteger>(_: T.Type) -> [T] {
            raw.withUnsafeBytes { p in (0..<n).map { T(littleEndian: p.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.size, as: T.self)) } }
        }
        switch dtype {
        case "F64": return .float64(le(UInt64.self).map { Double(bitPattern: $0) })
        case "F32": return .float32(le(UInt32.self).map { Float(bitPattern: $0) })
        case "F16": return .float32(le(UInt16.self).map(halfToFloat))
        case "BF16": return .float32(le(UInt16.self).map { Float(bitPattern: UInt32($0) << 16) })
        case "I64": return .int64(le(Int64.self))
        case "U64": return .uint64(le(UInt64.self))
        case "I32": return .int32(le(Int32.self))
        case "U32": return .uint32(le(UInt32.self))
        case "I16": return .int16(le(Int16.self))
        case "U16": return .uint16(le(UInt16.self))
        case "I8": return .int8(le(Int8.self))
        case "U8": return .uint8(le(UInt8.self))
        default: return .bool(le(UInt8.self).map { $0 != 0 })  // BOOL (itemSize filtered the rest)
        }
    }

    /// IEEE 754 binary16 to float32, exactly (subnormals, infinities and NaN included).
    static func halfToFloat(_ h: UInt16) -> Float {
        let sign = UInt32(h >> 15) << 31
        let exponent = Int((h >> 10) & 0x1f)
        let mantissa = UInt32(h & 0x3ff)
        switch exponent {
        case 0:
            // zero or subnormal: mantissa * 2^-24
            let v = Float(mantissa) * Float(sign: .plus, exponent: -24, significand: 1)
            return sign != 0 ? -v : v
        case 31:
            return Float(bitPattern: sign | 0x7f80_0000 | (mantissa << 13))
        default:
            return Float(bitPattern: sign | UInt32(exponent - 15 + 127) << 23 | (mantissa << 13))
        }
    }
}
