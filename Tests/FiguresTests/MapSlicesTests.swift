import Figures
import Foundation
import XCTest

/// The NIfTI map slices figure: title, slice positions, colour bar values and unit, and the
/// embedded raster (its size, the white gaps and outside-mask voxels, the colours of the extremes).
final class MapSlicesTests: XCTestCase {
    /// 8 x 6 x 10 voxels, non-zero only in slices 2...7, z = 2k - 10 mm.
    func signedMap() throws -> MapSlices {
        let (nx, ny, nz) = (8, 6, 10)
        var v = [Float](repeating: 0, count: nx * ny * nz)
        for k in 2...7 { for j in 1..<5 { for i in 1..<7 { v[i + nx * (j + ny * k)] = Float(i - j) * 0.5 } } }
        v[0 + nx * (0 + ny * 2)] = -4.5            // bottom-left voxel of the first slice drawn
        v[7 + nx * (5 + ny * 7)] = 2.5               // top-right voxel of the last slice drawn
        v[3 + nx * (3 + ny * 5)] = .nan             // NaN is outside the map
        return try MapSlices(values: v, shape: [nx, ny, nz], slicePositions: (0..<nz).map { Double(2 * $0 - 10) },
                             title: "GLM z map: faces", unit: "z", diverging: true)
    }

    func raster(of svg: String, class c: String) throws -> PNGImage {
        let tree = try SVGTree.parse(svg)
        let href = try XCTUnwrap(tree.all("image", class: c).first?.attributes["href"])
        let png = try XCTUnwrap(Data(base64Encoded: String(href.dropFirst("data:image/png;base64,".count))))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("slices-\(UUID().uuidString).png").path
        try png.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try PNGImage.read(path, as: .rgb)
    }

    func testSignedMapSlicesHaveTitlePositionsAndACentredColourBar() throws {
        let m = try signedMap()
        let tree = try SVGTree.parse(m.svg)
        XCTAssertEqual(tree.all("title").first?.text, "GLM z map: faces")
        XCTAssertEqual(tree.texts(class: "title"), ["GLM z map: faces"])
        // five slices evenly over the non-zero slices 2...7: 2 + round(s * 5 / 4)
        XCTAssertEqual(m.slices, [2, 3, 5, 6, 7])
        XCTAssertEqual(tree.texts(class: "slice-label"), ["z = -6 mm", "z = -4 mm", "z = 0 mm", "z = 2 mm", "z = 4 mm"])
        // diverging over ±max|v| = ±4.5: ticks every 2
        XCTAssertEqual(m.range.0, -4.5); XCTAssertEqual(m.range.1, 4.5)
        XCTAssertEqual(tree.texts(class: "colorbar-tick"), ["-4", "-2", "0", "2", "4"])
        XCTAssertEqual(tree.texts(class: "colorbar-unit"), ["z"])

        let img = try raster(of: m.svg, class: "slices")
        XCTAssertEqual(img.width, 5 * 8 + 4)        // five slices and four one-pixel gaps
        XCTAssertEqual(img.height, 6)
        XCTAssertEqual(img.pixels, m.raster().pixels)
        func px(_ x: Int, _ y: Int) -> [UInt8] { Array(img.pixels[(y * img.width + x) * 3..<(y * img.width + x) * 3 + 3]) }
        XCTAssertEqual(px(0, 5), [0x05, 0x30, 0x61])  // -4.5: RdBu_r's first entry; j = 0 drawn at the bottom
        // 2.5 of ±4.5 is t = 7/9, entry round(198.33) = 198 of RdBu_r
        XCTAssertEqual(px(4 * 9 + 7, 0), [0xdd, 0x70, 0x59])
        XCTAssertEqual(px(8, 3), [255, 255, 255])     // the gap between slices
        XCTAssertEqual(px(1 * 9 + 0, 0), [255, 255, 255]) // 0 outside the mask is white
        XCTAssertEqual(px(2 * 9 + 3, 6 - 1 - 3), [255, 255, 255]) // NaN (slice 4, shown third) is white
    }

    func testSequentialMapUsesViridisOverItsRange() throws {
        var v = [Float](repeating: 0, count: 4 * 4 * 3)
        for i in 0..<16 { v[16 + i] = Float(1 + i % 10) }   // slice 1 only: degrees 1...10
        var m = try MapSlices(values: v, shape: [4, 4, 3], slicePositions: [0, 3, 6], title: "Voxel map: degree", unit: "degree (edges)", diverging: false)
        m.flipX = true
        XCTAssertEqual(m.slices, [1])
        XCTAssertEqual(m.range.0, 1); XCTAssertEqual(m.range.1, 10)
        let tree = try SVGTree.parse(m.svg)
        XCTAssertEqual(tree.texts(class: "colorbar-tick"), ["2", "4", "6", "8", "10"])
        XCTAssertEqual(tree.texts(class: "colorbar-unit"), ["degree (edges)"])
        XCTAssertEqual(tree.texts(class: "slice-label"), ["z = 3 mm"])
        let img = try raster(of: m.svg, class: "slices")
        XCTAssertEqual(img.width, 4); XCTAssertEqual(img.height, 4)
        // voxel (0, 0) = 1 is viridis' first entry, drawn bottom right (x flipped, y up)
        XCTAssertEqual(Array(img.pixels[(3 * 4 + 3) * 3..<(3 * 4 + 3) * 3 + 3]), [0x44, 0x01, 0x54])
    }

    func testEmptyAndMismatchedMapsAreHandled() throws {
        let empty = try MapSlices(values: [Float](repeating: 0, count: 27), shape: [3, 3, 3], slicePositions: [0, 1, 2],
                                  title: "empty", unit: "z", diverging: true)
        XCTAssertEqual(empty.slices, [0, 1, 2])
        XCTAssertNoThrow(try SVGTree.parse(empty.svg))
        XCTAssertThrowsError(try MapSlices(values: [1, 2], shape: [3, 3, 3], slicePositions: [0, 1, 2], title: "m", unit: "z", diverging: true))
        XCTAssertThrowsError(try MapSlices(values: [1], shape: [1, 1, 1], slicePositions: [], title: "m", unit: "z", diverging: true))
        XCTAssertThrowsError(try MapSlices(values: [1], shape: [1, 1], slicePositions: [0], title: "m", unit: "z", diverging: true))
    }
}
