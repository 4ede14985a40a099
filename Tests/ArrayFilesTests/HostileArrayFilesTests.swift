@testable import ArrayFiles
import Foundation
import XCTest

/// Issue 12, finding 8, one minimal input each (Fixtures/hostile/make_hostile.py): shapes whose
/// element count overflows are clean errors; an NPZ member is checked against its declared
/// shape before it is inflated and inflation stops at the declared size.
final class HostileArrayFilesTests: XCTestCase {
    let dir = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/hostile").path

    func assertError<T>(_ body: @autoclosure () throws -> T, contains words: String, line: UInt = #line) {
        XCTAssertThrowsError(try body(), line: line) { e in
            XCTAssertTrue("\(e)".contains(words), "\(e)", line: line)
        }
    }

    /// Peak resident memory of this process so far, in bytes.
    static func peakMemory() -> Int {
        var u = rusage()
        getrusage(RUSAGE_SELF.rawValue, &u)
        return u.ru_maxrss * 1024
    }

    func testOverflowingNPYShapeIsAnError() {
        assertError(try NPY.read(dir + "/overflow_shape.npy"), contains: "element count overflows")
    }

    func testOverflowingSafetensorsShapeIsAnError() {
        assertError(try Safetensors.read(dir + "/overflow_shape.safetensors"), contains: "element count overflows")
    }

    func testElementCountIsOverflowChecked() {
        XCTAssertNil(ElementCount.of([3_037_000_500, 3_037_000_500]))
        XCTAssertEqual(ElementCount.of([0, Int.max, Int.max]), 0)
        XCTAssertEqual(ElementCount.of([]), 1)
        XCTAssertNil(ElementCount.bytes([Int.max / 4, 2], itemSize: 8))
        XCTAssertEqual(ElementCount.bytes([3, 4], itemSize: 8), 96)
    }

    /// The ZIP entry honestly holds 64 MiB, the member's header declares 32 bytes of data:
    /// refused as soon as the header is inflated (peak memory stays far below the 64 MiB).
    func testNPZMemberLargerThanItsShapeIsRefusedBeforeInflating() {
        let before = Self.peakMemory()
        assertError(try NPZ.read(dir + "/oversized_entry.npz"), contains: "its header declares 160 bytes")
        XCTAssertLessThan(Self.peakMemory() - before, 32 << 20, "peak memory grew by the member's claim")
    }

    /// The ZIP entry's sizes and CRC were patched to the declared 160 bytes but the deflate
    /// stream holds 64 MiB: inflation stops past the declared size.
    func testNPZInflationStopsAtTheDeclaredSize() {
        let before = Self.peakMemory()
        assertError(try NPZ.read(dir + "/lying_entry.npz"), contains: "holds more than the 160 bytes its header declares")
        XCTAssertLessThan(Self.peakMemory() - before, 32 << 20, "inflated past the declared size")
    }

    /// Layers of different row counts read fine on their own (each is a valid layer).
    func testRaggedLayersReadAsSeparateLayers() throws {
        let layers = try LayerActivations.read(dir + "/ragged_layers.npz")
        XCTAssertEqual(layers.map(\.conditions), [4, 5])
    }

    func testNPYHeaderLongerThanNumPysLimitIsRefused() {
        var bytes: [UInt8] = NPY.magic + [2, 0]
        let length = 1 << 20
        bytes += [UInt8(length & 0xff), UInt8((length >> 8) & 0xff), UInt8((length >> 16) & 0xff), 0]
        assertError(try NPY.parse(Data(bytes + [UInt8](repeating: 0x20, count: 64)), name: "long"), contains: "max_header_size")
    }

    func testEmptyDescrIsAnErrorNotATrap() {
        let h = "{'descr': '', 'fortran_order': False, 'shape': (1,), }\n"
        let data = Data(NPY.magic + [1, 0, UInt8(h.utf8.count), 0] + Array(h.utf8) + [0])
        assertError(try NPY.parse(data, name: "empty-descr"), contains: "unsupported dtype")
    }
}

/// What the mutation test (ArrayFileMutationTests) found, kept as named regression tests:
/// headers numpy refuses were read with another meaning.
final class NPYHeaderStrictnessTests: XCTestCase {
    func npy(_ header: String, declaredLength: Int? = nil, payload: [UInt8]) -> Data {
        let h = Array(header.utf8)
        let n = declaredLength ?? h.count
        return Data(NPY.magic + [1, 0, UInt8(n & 0xff), UInt8(n >> 8)] + h + payload)
    }

    /// A flipped byte in `True` gave `Trne`, read as C order (numpy: malformed header).
    func testCorruptedFortranOrderWordIsAnError() {
        let d = npy("{'descr': '<f8', 'fortran_order': Trne, 'shape': (2, 2), }    \n", payload: [UInt8](repeating: 0, count: 32))
        XCTAssertThrowsError(try NPY.parse(d, name: "t")) { e in XCTAssertTrue("\(e)".contains("fortran_order is 'Trne"), "\(e)") }
    }

    /// A header length that cuts the dictionary or runs into the data (numpy: malformed header);
    /// one that only cuts padding moves the data start, as it does for numpy.
    func testHeaderLengthThatCutsTheDictionaryIsAnError() {
        let header = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }     \n"
        let payload = [UInt8](repeating: 0x3f, count: 24)
        XCTAssertNoThrow(try NPY.parse(npy(header, payload: payload), name: "ok"))
        for wrong in [header.utf8.count - 12, header.utf8.count + 5] {
            XCTAssertThrowsError(try NPY.parse(npy(header, declaredLength: wrong, payload: payload), name: "t")) { e in
                XCTAssertTrue("\(e)".contains("not one {...} dictionary"), "\(e)")
            }
        }
    }
}
