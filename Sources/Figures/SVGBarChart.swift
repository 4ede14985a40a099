/// Bars with their names and values: vertical (a distribution, e.g. how many nodes have each
/// degree) or horizontal (one bar per named item, e.g. each ROI's degree).
public struct BarChart: Sendable {
    public enum Orientation: Sendable { case vertical, horizontal }
    public let categories: [String]
    public let values: [Double]
    public var title: String
    public var categoryLabel: String
    public var valueLabel: String
    public var orientation: Orientation = .vertical
    public var color = "#1f4e79"
    /// Length of the value axis, in pixels.
    public var plotLength = 260.0

    public init(categories: [String], values: [Double], title: String, categoryLabel: String, valueLabel: String) throws {
        guard !categories.isEmpty, categories.count == values.count else {
            throw FigureDataError("bar chart '\(title)': \(categories.count) names for \(values.count) values")
        }
        self.categories = categories; self.values = values; self.title = title
        self.categoryLabel = categoryLabel; self.valueLabel = valueLabel
    }

    public func document() -> SVGDocument {
        let vr = PlotArea.range(of: values, pad: 0.0, including: [0])
        let valueRange = (vr.0, vr.1 + (vr.1 - vr.0) * 0.12)
        let band = max(10, min(28, 300 / Double(categories.count)))
        let names = TextMetrics.width(count: categories.map(\.count).max() ?? 0, size: 10)
        var doc: SVGDocument
        switch orientation {
        case .vertical:
            let a = PlotArea(x: 60, y: 34, width: band * Double(categories.count), height: plotLength * 0.7, xRange: (0, Double(categories.count)), yRange: valueRange)
            doc = SVGDocument(width: max(a.x + a.width + 20, TextMetrics.width(title, size: 14) + 24), height: a.y + a.height + 48, label: title)
            doc.text(title, x: 12, y: 20, size: 14, bold: true, cssClass: "title")
            doc.yAxis(a, label: valueLabel)
            doc.line(x1: a.x, y1: a.py(0), x2: a.x + a.width, y2: a.py(0), width: 0.8)
            for (i, (c, v)) in zip(categories, values).enumerated() {
                let x = a.px(Double(i)) + band * 0.1
                if v.isFinite {
                    doc.rect(x: x, y: min(a.py(v), a.py(0)), width: band * 0.8, height: abs(a.py(0) - a.py(v)), fill: color, cssClass: "bar",
                             tooltip: "\(c): \(SVGNumber.value(v))")
                }
                doc.text(c, x: a.px(Double(i) + 0.5), y: a.y + a.height + 14, size: 10, anchor: .middle, cssClass: "column-label")
            }
            doc.text(categoryLabel, x: a.x + a.width / 2, y: a.y + a.height + 34, size: 11, anchor: .middle, cssClass: "axis-label")
        case .horizontal:
            let a = PlotArea(x: 16 + names + 8, y: 34, width: plotLength, height: band * Double(categories.count), xRange: valueRange, yRange: (0, 1))
            doc = SVGDocument(width: max(a.x + a.width + 50, TextMetrics.width(title, size: 14) + 24), height: a.y + a.height + 48, label: title)
            doc.text(title, x: 12, y: 20, size: 14, bold: true, cssClass: "title")
            doc.xAxis(a, label: valueLabel, grid: true)
            doc.line(x1: a.px(0), y1: a.y, x2: a.px(0), y2: a.y + a.height, width: 0.8)
            for (i, (c, v)) in zip(categories, values).enumerated() {
                let y = a.y + Double(i) * band
                if v.isFinite {
                    doc.rect(x: min(a.px(v), a.px(0)), y: y + band * 0.15, width: abs(a.px(v) - a.px(0)), height: band * 0.7, fill: color,
                             cssClass: "bar", tooltip: "\(c): \(SVGNumber.value(v))")
                    doc.text(SVGNumber.value(v), x: max(a.px(v), a.px(0)) + 3, y: y + band / 2 + 3.5, size: 9, cssClass: "bar-value")
                }
                doc.text(c, x: a.x - 5, y: y + band / 2 + 3.5, size: 10, anchor: .end, cssClass: "row-label")
            }
        }
        return doc
    }

    public var svg: String { document().text }
}

/// A graph's summary in one figure: the degree distribution, each node's degree by name, and
/// the global measures as a list of values (their scales differ, so they are not bars).
public struct GraphSummaryFigure: Sendable {
    public let nodeNames: [String]
    public let degrees: [Double]
    public var globalMeasures: [(name: String, value: Double)]
    public var title: String

    public init(nodeNames: [String], degrees: [Double], globalMeasures: [(name: String, value: Double)], title: String) throws {
        guard !nodeNames.isEmpty, nodeNames.count == degrees.count else {
            throw FigureDataError("graph summary '\(title)': \(nodeNames.count) nodes for \(degrees.count) degrees")
        }
        if let bad = degrees.first(where: { $0.isFinite && ($0 < 0 || $0 > 1000) }) {
            throw FigureDataError("graph summary '\(title)': degree \(bad) is not a count from 0 to 1000 (one bar per degree)")
        }
        self.nodeNames = nodeNames; self.degrees = degrees; self.globalMeasures = globalMeasures; self.title = title
    }

    /// (degree, number of nodes) for every degree from 0 to the largest.
    public var distribution: [(degree: Int, count: Int)] {
        let ints = degrees.filter(\.isFinite).map { Int($0.rounded()) }
        let top = max(0, ints.max() ?? 0)
        return (0...top).map { d in (d, ints.filter { $0 == d }.count) }
    }

    public func document() throws -> SVGDocument {
        let dist = distribution
        let left = try BarChart(categories: dist.map { "\($0.degree)" }, values: dist.map { Double($0.count) },
                                title: "Degree distribution", categoryLabel: "degree", valueLabel: "nodes").document()
        var perNode = try BarChart(categories: nodeNames, values: degrees, title: "Degree per ROI", categoryLabel: "ROI", valueLabel: "degree")
        perNode.orientation = .horizontal
        perNode.plotLength = 200
        let right = perNode.document()
        let listWidth = max(170, 16 + TextMetrics.width(count: (globalMeasures.map { $0.name.count }.max() ?? 0) + 12, size: 10))
        let panelsHeight = max(left.height, right.height)
        let width = left.width + right.width + listWidth + 10
        let listHeight = 40 + Double(globalMeasures.count) * 15
        var doc = SVGDocument(width: width, height: 30 + max(panelsHeight, listHeight), label: title)
        doc.text(title, x: 12, y: 20, size: 14, bold: true, cssClass: "title")
        doc.place(left, x: 0, y: 28, cssClass: "degree-distribution")
        doc.place(right, x: left.width, y: 28, cssClass: "degree-per-node")
        let lx = left.width + right.width + 6
        doc.beginGroup("global-measures")
        doc.text("Global measures", x: lx, y: 48, size: 12, bold: true, cssClass: "panel-title")
        if globalMeasures.isEmpty { doc.text("none recorded", x: lx, y: 68, size: 10, fill: "#555555", cssClass: "measure-name") }
        for (k, m) in globalMeasures.enumerated() {
            let y = 68 + Double(k) * 15
            doc.text(m.name, x: lx, y: y, size: 10, cssClass: "measure-name")
            doc.text(SVGNumber.value(m.value), x: width - 8, y: y, size: 10, anchor: .end, cssClass: "measure-value")
        }
        doc.endGroup()
        return doc
    }
}
