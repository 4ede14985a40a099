/// Converts one volume of stored bytes (any supported datatype, either byte order) into
/// scaled real values, applying `scl_slope`/`scl_inter` as nibabel does (in float64).
struct RawConverter {
    let datatype: NIfTIDatatype
    let swap: Bool
    let slope: Double
    let intercept: Double
    let scaled: Bool

    init(header h: NIfTIHeader) {
        datatype = h.datatype ?? .float32  // NIfTIImage refuses unknown datatypes before a stream opens
        let hostBig = 1.bigEndian == 1
        swap = h.isBigEndian != hostBig
        (slope, intercept) = h.effectiveScaling
        scaled = h.hasScaling
    }

    var bytesPerVoxel: Int { datatype.bytesPerVoxel }

    /// Stored float32 in host order without scaling: bytes can be read straight into the output.
    var isIdentityFloat32: Bool { datatype == .float32 && !swap && !scaled }

    func convert(_ raw: UnsafeRawBufferPointer, into out: UnsafeMutableBufferPointer<Float>) {
        convertGeneric(raw, into: out)
    }

    func convert(_ raw: UnsafeRawBufferPointer, into out: UnsafeMutableBufferPointer<Double>) {
        convertGeneric(raw, into: out)
    }

    /// Any output type (specialised by the compiler within the module).
    func convertAny<T: BinaryFloatingPoint>(_ raw: UnsafeRawBufferPointer, into out: UnsafeMutableBufferPointer<T>) {
        convertGeneric(raw, into: out)
    }

    private func convertGeneric<T: BinaryFloatingPoint>(_ raw: UnsafeRawBufferPointer, into out: UnsafeMutableBufferPointer<T>) {
        switch datatype {
        case .uint8: load(raw, out, UInt8.self) { Double($0) }
        case .int8: load(raw, out, Int8.self) { Double($0) }
        case .int16: load(raw, out, Int16.self) { Double($0) }
        case .uint16: load(raw, out, UInt16.self) { Double($0) }
        case .int32: load(raw, out, Int32.self) { Double($0) }
        case .uint32: load(raw, out, UInt32.self) { Double($0) }
        case .int64: load(raw, out, Int64.self) { Double($0) }
        case .uint64: load(raw, out, UInt64.self) { Double($0) }
        case .float32: load(raw, out, UInt32.self) { Double(Float(bitPattern: $0)) }
        case .float64: load(raw, out, UInt64.self) { Double(bitPattern: $0) }
        default: break  // unreachable: NIfTIImage refuses other datatypes before a stream opens
        }
    }

    @inline(__always)
    private func load<S: FixedWidthInteger, T: BinaryFloatingPoint>(
        _ raw: UnsafeRawBufferPointer, _ out: UnsafeMutableBufferPointer<T>, _: S.Type, _ value: (S) -> Double
    ) {
        let n = out.count
        let sw = swap, sc = scaled, m = slope, b = intercept
        for i in 0..<n {
            var s = raw.loadUnaligned(fromByteOffset: i * MemoryLayout<S>.size, as: S.self)
            if sw { s = s.byteSwapped }
            let v = value(s)
            out[i] = T(sc ? v * m + b : v)
        }
    }
}
