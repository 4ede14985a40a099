import Foundation

/// A matrix heatmap people can read: a title, row and column names, axis labels, and a colour
/// bar with values and unit. For connectivity (`colorMap = .rdBuR`: diverging, centred on 0),
/// RDMs (condition names, diagonal left out of the range) and ROIs x layers similarity.
/// Cells are rectangles with a tooltip (and their value printed when there is room); matrices of
/// more than `rasterAbove` cells are drawn as one embedded PNG with the same labels, to stay small.
public struct LabelledHeatmap: Sendable {
    // the data are fixed at init, where their sizes are checked
    public let values: [Double]
    public let rows: Int
    public let columns: Int
    public let rowLabels: [String]
    public let columnLabels: [String]
    public var title: String
    public var xLabel: String?
    public var yLabel: String?
    /// What the colour encodes, with its unit (shown beside the colour bar).
    public var unit: String
    public var colorMap: ColorMap = .viridis
    /// Value range of the colour map; nil uses the data's (symmetric around 0 for `.rdBuR`).
    public var range: (Double, Double)?
    public var ignoreDiagonalForRange = false
    /// Largest side of the matrix area, in pixels.
    public var matrixSize = 400.0
    /// Print each cell's value inside it (nil: when cells are at least 28 px wide).
    public var printValues: Bool?
    public var rasterAbove = 2500

    public init(values: [Double], rows: Int, columns: Int, rowLabels: [String], columnLabels: [String], title: String, unit: String) throws {
        guard rows > 0, columns > 0 else { throw FigureDataError("heatmap '\(title)': no rows or columns") }
        guard values.count == rows * columns else {
            throw FigureDataError("heatmap '\(title)': \(values.count) values for \(rows) x \(columns) cells")
        }
        guard rowLabels.count == rows, columnLabels.count == columns else {
            throw FigureDataError("heatmap '\(title)': \(rowLabels.count) row and \(columnLabels.count) column names for \(rows) x \(columns) cells")
        }
        self.values = values; self.rows = rows; self.columns = columns
        self.rowLabels = rowLabels; self.columnLabels = columnLabels
        self.title = title; self.unit = unit
    }

    /// The colour range used (the PNG heatmap's rule).
    public var resolvedRange: (Double, Double) {
        var h = Heatmap(values: values, rows: rows, columns: columns)
        h.colorMap = colorMap
        h.range = range
        h.ignoreDiagonalForRange = ignoreDiagonalForRange
        return h.resolvedRange
    }

    public var cellSize: Double { min(32, matrixSize / Double(max(rows, columns))) }

    public func document() -> SVGDocument {
        let cell = cellSize
        let font = max(6, min(11, cell - 1))
        let every = max(1, Int((font + 1) / cell + 0.999))
        let rowText = rowLabels.enumerated().filter { $0.offset % every == 0 }.map(\.element)
        let colText = columnLabels.enumerated().filter { $0.offset % every == 0 }.map(\.element)
        let rowWidth = TextMetrics.width(count: rowText.map(\.count).max() ?? 0, size: font) + 8
        let colDepth = TextMetrics.width(count: colText.map(\.count).max() ?? 0, size: font) * 0.71 + 12
        let left = 12 + (yLabel == nil ? 0 : 18) + max(rowWidth, colDepth * 0.9)
        let top = 34.0
        let mw = cell * Double(columns), mh = cell * Double(rows)
        let (lo, hi) = resolvedRange
        let bar = SVGColorBar(colorMap: colorMap, range: (lo, hi), unit: unit)
        let barX = left + mw + 18
        let width = max(barX + bar.width + 8, TextMetrics.width(title, size: 14) + 24)
        let height = top + max(mh, 120) + colDepth + (xLabel == nil ? 8 : 26)
        var doc = SVGDocument(width: width, height: height, label: title)
        doc.text(title, x: 12, y: 20, size: 14, bold: true, cssClass: "title")

        let showValues = printValues ?? (cell >= 28)
        let tooltips = rows * columns <= rasterAbove
        func color(_ v: Double) -> (UInt8, UInt8, UInt8) { colorMap.color(hi > lo ? (v - lo) / (hi - lo) : 0.5) }
        doc.beginGroup("cells")
        if rows * columns > rasterAbove {
            var c = Canvas(width: columns, height: rows)
            for i in 0..<rows { for j in 0..<columns { c.set(j, i, color(values[i * columns + j])) } }
            if let png = try? c.image.encoded() { doc.image(png: png, x: left, y: top, width: mw, height: mh, cssClass: "raster") }
        } else {
            for i in 0..<rows {
                for j in 0..<columns {
                    let v = values[i * columns + j]
                    let c = color(v)
                    doc.rect(x: left + Double(j) * cell, y: top + Double(i) * cell, width: cell, height: cell, fill: SVGColor.hex(c),
                             cssClass: "cell", tooltip: tooltips ? "\(rowLabels[i]), \(columnLabels[j]): \(SVGNumber.value(v))" : nil)
                    if showValues {
                        doc.text(SVGNumber.fixed(v, decimals: 2), x: left + (Double(j) + 0.5) * cell, y: top + (Double(i) + 0.5) * cell + 3.5,
                                 size: min(9, cell / 3.2), anchor: .middle, fill: SVGColor.textColor(on: c), cssClass: "cell-value")
                    }
                }
            }
        }
        doc.endGroup()
        doc.rect(x: left, y: top, width: mw, height: mh, fill: "none", stroke: "#000000", strokeWidth: 0.6)
        for (i, name) in rowLabels.enumerated() where i % every == 0 {
            doc.text(name, x: left - 5, y: top + (Double(i) + 0.5) * cell + font * 0.35, size: font, anchor: .end, cssClass: "row-label")
        }
        for (j, name) in columnLabels.enumerated() where j % every == 0 {
            let x = left + (Double(j) + 0.5) * cell, y = top + mh + 10
            doc.text(name, x: x, y: y, size: font, anchor: .end, rotate: -45, cssClass: "column-label")
        }
        if let xl = xLabel {
            doc.text(xl, x: left + mw / 2, y: height - 8, size: 11, anchor: .middle, cssClass: "axis-label")
        }
        if let yl = yLabel {
            doc.text(yl, x: 16, y: top + mh / 2, size: 11, anchor: .middle, rotate: -90, cssClass: "axis-label")
        }
        bar.draw(into: &doc, x: barX, y: top, height: max(mh, 120))
        return doc
    }

    public var svg: String { document().text }
}
