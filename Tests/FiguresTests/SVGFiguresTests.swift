import Figures
import Foundation
import XCTest

/// The SVG figures, parsed back with XMLParser: well-formed, with their names, colour-bar
/// values and element counts, and the same bytes on every run.
final class SVGFiguresTests: XCTestCase {
    func testFixedNumberFormatting() {
        XCTAssertEqual(SVGNumber.fixed(0.125, decimals: 2), "0.13")
        XCTAssertEqual(SVGNumber.fixed(-0.004, decimals: 2), "0.00")
        XCTAssertEqual(SVGNumber.fixed(-1.5, decimals: 0), "-2")
        XCTAssertEqual(SVGNumber.fixed(12.0, decimals: 3), "12.000")
        XCTAssertEqual(SVGNumber.coordinate(10.50), "10.5")
        XCTAssertEqual(SVGNumber.coordinate(-0.001), "0")
        XCTAssertEqual(SVGNumber.coordinate(3), "3")
        XCTAssertEqual(SVGNumber.value(0.5), "0.5")
        XCTAssertEqual(SVGNumber.value(0.123456), "0.123")
        XCTAssertEqual(SVGNumber.value(1234.5), "1235")
        XCTAssertEqual(SVGNumber.value(.nan), "n/a")
    }

    func testTicksAreRoundAndCoverTheRange() {
        let t = AxisTicks.ticks(from: -0.8, to: 0.8, count: 5)
        XCTAssertEqual(t.values, [-0.5, 0, 0.5])
        XCTAssertEqual(t.decimals, 1)
        let u = AxisTicks.ticks(from: 0, to: 1, count: 5)
        XCTAssertEqual(u.values.map { SVGNumber.fixed($0, decimals: u.decimals) }, ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        XCTAssertEqual(AxisTicks.ticks(from: 3, to: 250, count: 5).values, [50, 100, 150, 200, 250])
    }

    func testExtremeValuesDrawWithoutTrapping() throws {
        XCTAssertEqual(AxisTicks.ticks(from: -1e308, to: 1e308).values, [-1e308, 1e308])
        let h = try LabelledHeatmap(values: [1e300, -1e300, .nan, .infinity], rows: 2, columns: 2, rowLabels: ["a", "b"], columnLabels: ["a", "b"],
                                    title: "extreme", unit: "u")
        XCTAssertNoThrow(try SVGTree.parse(h.svg))
        XCTAssertThrowsError(try GraphSummaryFigure(nodeNames: ["a"], degrees: [1e300], globalMeasures: [], title: "g"))
        let c = try CarpetPlot(signals: [[1e308, -1e308, .nan]], rowLabels: ["a"], title: "c")
        XCTAssertNoThrow(try SVGTree.parse(c.svg))
    }

    func testTextIsEscaped() throws {
        var d = SVGDocument(width: 100, height: 50, label: "a <b> & \"c\"")
        d.text("V1 & <V2> 'x'", x: 1, y: 2)
        let tree = try SVGTree.parse(d.text)
        XCTAssertEqual(tree.all("text").map(\.text), ["V1 & <V2> 'x'"])
        XCTAssertEqual(tree.all("title").map(\.text), ["a <b> & \"c\""])
    }

    func connectivity() throws -> LabelledHeatmap {
        let names = ["V1", "V2", "IT & PPA"]
        var h = try LabelledHeatmap(values: [1, 0.6, -0.2, 0.6, 1, 0.3, -0.2, 0.3, 1], rows: 3, columns: 3, rowLabels: names, columnLabels: names,
                                    title: "Connectivity: correlation", unit: "Pearson r")
        h.colorMap = .rdBuR
        h.ignoreDiagonalForRange = true
        h.xLabel = "ROI"; h.yLabel = "ROI"
        return h
    }

    func testConnectivityHeatmapHasNamesCellsAndACentredColourBar() throws {
        let h = try connectivity()
        let tree = try SVGTree.parse(h.svg)
        XCTAssertEqual(tree.all("rect", class: "cell").count, 9)
        XCTAssertEqual(tree.texts(class: "row-label"), ["V1", "V2", "IT & PPA"])
        XCTAssertEqual(tree.texts(class: "column-label"), ["V1", "V2", "IT & PPA"])
        XCTAssertEqual(tree.texts(class: "title"), ["Connectivity: correlation"])
        XCTAssertEqual(tree.texts(class: "colorbar-unit"), ["Pearson r"])
        XCTAssertEqual(tree.texts(class: "axis-label"), ["ROI", "ROI"])
        // off-diagonal range [-0.2, 0.6] made symmetric: (-0.6, 0.6), ticks at round values through 0
        XCTAssertTrue(h.resolvedRange == (-0.6, 0.6))
        let ticks = tree.texts(class: "colorbar-tick")
        XCTAssertEqual(ticks, ["-0.6", "-0.4", "-0.2", "0.0", "0.2", "0.4", "0.6"])
        // each cell's colour is the colour map's at its value; the tooltip names the pair
        let cells = tree.all("rect", class: "cell")
        XCTAssertEqual(cells[1].attributes["fill"], SVGColor.hex(ColorMap.rdBuR.color(1)))  // 0.6 = top of the range
        XCTAssertEqual(cells[2].attributes["fill"], SVGColor.hex(ColorMap.rdBuR.color((-0.2 + 0.6) / 1.2)))
        XCTAssertEqual(tree.all("title").map(\.text).filter { $0.hasPrefix("V1, V2") }, ["V1, V2: 0.6"])
        // cells are large enough for their values
        XCTAssertEqual(tree.texts(class: "cell-value"), ["1.00", "0.60", "-0.20", "0.60", "1.00", "0.30", "-0.20", "0.30", "1.00"])
        XCTAssertEqual(h.svg, try connectivity().svg, "the same figure must be the same bytes")
    }

    func testLargeMatricesAreOneRasterWithTheirLabels() throws {
        let n = 60
        let names = (0..<n).map { "roi\($0)" }
        let h = try LabelledHeatmap(values: (0..<(n * n)).map { Double($0 % 7) }, rows: n, columns: n, rowLabels: names, columnLabels: names,
                                    title: "big", unit: "r")
        let tree = try SVGTree.parse(h.svg)
        XCTAssertEqual(tree.all("rect", class: "cell").count, 0)
        XCTAssertEqual(tree.all("image", class: "raster").count, 1)
        // 400 px / 60 rows = 6.7 px cells: every second name, so labels do not overlap
        XCTAssertEqual(tree.texts(class: "row-label").count, 30)
        XCTAssertEqual(tree.texts(class: "row-label").first, "roi0")
    }

    func testMismatchedSizesAreErrorsNotCrashes() {
        XCTAssertThrowsError(try LabelledHeatmap(values: [1, 2, 3], rows: 2, columns: 2, rowLabels: ["a", "b"], columnLabels: ["a", "b"], title: "t", unit: "u"))
        XCTAssertThrowsError(try LabelledHeatmap(values: [1, 2, 3, 4], rows: 2, columns: 2, rowLabels: ["a"], columnLabels: ["a", "b"], title: "t", unit: "u"))
        XCTAssertThrowsError(try CarpetPlot(signals: [[1, 2], [1]], rowLabels: ["a", "b"], title: "t"))
        XCTAssertThrowsError(try LabelledScatter(points: [], title: "t"))
        XCTAssertThrowsError(try BarChart(categories: ["a"], values: [], title: "t", categoryLabel: "c", valueLabel: "v"))
    }

    func testModelComparisonMarksTheBestLayerAndTheNoiseCeiling() throws {
        let layers = ["netA:layer1", "netA:layer2", "netB:layer1"]
        let panels = [
            ModelComparisonPlot.Panel(roi: "V1", entries: zip(layers, [0.8, 0.4, 0.7]).map { .init(layer: $0, mean: $1, low: $1 - 0.1, high: $1 + 0.1) },
                                      noiseCeiling: (0.85, 0.95)),
            ModelComparisonPlot.Panel(roi: "IT", entries: zip(layers, [0.1, 0.2, 0.9]).map { .init(layer: $0, mean: $1, low: $1 - 0.2, high: $1 + 0.05) },
                                      noiseCeiling: nil),
        ]
        let p = try ModelComparisonPlot(panels: panels, title: "Model comparison", valueLabel: "Spearman ρ")
        let tree = try SVGTree.parse(p.svg)
        XCTAssertEqual(tree.texts(class: "panel-title"), ["V1", "IT"])
        XCTAssertEqual(tree.all("circle", class: "mean").count, 6)
        XCTAssertEqual(tree.all("line", class: "interval").count, 6)
        XCTAssertEqual(tree.all("rect", class: "noise-ceiling").count, 1)
        XCTAssertEqual(tree.texts(class: "best-marker").count, 2)
        // the tooltip (the circle's <title> child) of each best marker names the best layer
        let bestTips = tree.elements.indices.filter { tree.elements[$0].name == "circle" && tree.elements[$0].classes.contains("best") }
            .map { tree.elements[$0 + 1].text }
        XCTAssertEqual(bestTips.count, 2)
        XCTAssertTrue(bestTips[0].hasPrefix("V1, netA:layer1:"), bestTips[0])
        XCTAssertTrue(bestTips[1].hasPrefix("IT, netB:layer1:"), bestTips[1])
        let tips = tree.all("title").map(\.text)
        XCTAssertTrue(tips.contains("V1, netA:layer1: mean 0.8, 95% interval 0.7 to 0.9"), "\(tips)")
        XCTAssertTrue(tips.contains("noise ceiling 0.85 to 0.95"))
        XCTAssertEqual(tree.texts(class: "column-label"), layers + layers)
        XCTAssertEqual(panels[1].best?.layer, "netB:layer1")
    }

    func testScatterLabelsEveryPoint() throws {
        var s = try LabelledScatter(points: [.init(x: 0, y: 0, label: "face1", group: "face"), .init(x: 1, y: 0.5, label: "house1", group: "house"),
                                             .init(x: -1, y: 2, label: "tool1", group: "tool")], title: "MDS of V1's RDM")
        s.plotSize = 200
        let tree = try SVGTree.parse(s.svg)
        XCTAssertEqual(tree.texts(class: "point-label"), ["face1", "house1", "tool1"])
        XCTAssertEqual(tree.all("circle", class: "point").count, 3)
        XCTAssertEqual(tree.texts(class: "legend"), ["face", "house", "tool"])
        XCTAssertEqual(tree.texts(class: "axis-label"), ["MDS dimension 2", "MDS dimension 1"])
    }

    func testCarpetMarksCensoredVolumesAndDrawsTheFDTrace() throws {
        let volumes = 40
        let signals = (0..<3).map { r in (0..<volumes).map { sin(Double($0 + r)) } }
        var c = try CarpetPlot(signals: signals, rowLabels: ["V1", "V2", "M1"], title: "QC carpet")
        c.censored = [5, 17]
        c.framewiseDisplacement = [.nan] + (1..<volumes).map { $0 == 5 || $0 == 17 ? 0.9 : 0.1 }
        c.fdThreshold = 0.5
        c.repetitionTime = 2
        let tree = try SVGTree.parse(c.svg)
        XCTAssertEqual(tree.all("rect", class: "censored").count, 2)
        XCTAssertEqual(tree.all("polyline", class: "fd-trace").count, 1)
        XCTAssertEqual(tree.all("line", class: "fd-threshold").count, 1)
        XCTAssertEqual(tree.texts(class: "row-label"), ["V1", "V2", "M1"])
        XCTAssertTrue(tree.texts(class: "axis-label").contains("time (s)"))
        XCTAssertTrue(tree.texts(class: "legend").contains("censored volumes (2 of 40)"))
        // the embedded raster is one pixel per ROI and volume
        let href = try XCTUnwrap(tree.all("image", class: "carpet").first?.attributes["href"])
        let png = try XCTUnwrap(Data(base64Encoded: String(href.dropFirst("data:image/png;base64,".count))))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("carpet-\(UUID().uuidString).png").path
        try png.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let img = try PNGImage.read(path, as: .grey)
        XCTAssertEqual(img.width, volumes)
        XCTAssertEqual(img.height, 3)
        XCTAssertEqual(img.pixels, c.raster().pixels)
    }

    func testGraphSummaryCountsDegrees() throws {
        let g = try GraphSummaryFigure(nodeNames: ["V1", "V2", "V4", "M1"], degrees: [3, 3, 1, 0],
                                       globalMeasures: [("transitivity", 0.5), ("efficiency", 0.625)], title: "Graph summary")
        XCTAssertEqual(g.distribution.map(\.count), [1, 1, 0, 2])
        let tree = try SVGTree.parse(try g.document().text)
        XCTAssertEqual(tree.texts(class: "measure-name"), ["transitivity", "efficiency"])
        XCTAssertEqual(tree.texts(class: "measure-value"), ["0.5", "0.625"])
        XCTAssertEqual(tree.texts(class: "row-label"), ["V1", "V2", "V4", "M1"])
        XCTAssertEqual(tree.all("rect", class: "bar").count, 4 + 4)
        XCTAssertEqual(tree.texts(class: "bar-value"), ["3", "3", "1", "0"])
    }
}
