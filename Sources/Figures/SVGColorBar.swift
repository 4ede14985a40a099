/// A vertical colour bar with its values (round ticks) and its unit, drawn beside a heatmap.
/// The gradient is 64 stacked rectangles rather than a `<linearGradient>`, so several figures
/// inline in one HTML page need no unique element ids.
public struct SVGColorBar: Sendable {
    public var colorMap: ColorMap
    public var range: (Double, Double)
    public var unit: String
    public static let barWidth = 14.0

    public init(colorMap: ColorMap, range: (Double, Double), unit: String) {
        self.colorMap = colorMap
        self.range = range
        self.unit = unit
    }

    /// The tick values and their decimals.
    public var ticks: (values: [Double], decimals: Int) { AxisTicks.ticks(from: range.0, to: range.1, count: 5) }

    /// Width taken by the bar, its tick labels and the unit.
    public var width: Double {
        let t = ticks
        let longest = t.values.map { SVGNumber.fixed($0, decimals: t.decimals).count }.max() ?? 1
        return Self.barWidth + 6 + TextMetrics.width(count: longest, size: 10) + 22
    }

    /// Draws the bar with its top-left corner at (x, y).
    public func draw(into doc: inout SVGDocument, x: Double, y: Double, height: Double) {
        let (lo, hi) = range
        doc.beginGroup("colorbar")
        let steps = 64
        for k in 0..<steps {
            let t = 1 - (Double(k) + 0.5) / Double(steps)
            doc.rect(x: x, y: y + height * Double(k) / Double(steps), width: Self.barWidth, height: height / Double(steps) + 0.3,
                     fill: SVGColor.hex(colorMap.color(t)))
        }
        doc.rect(x: x, y: y, width: Self.barWidth, height: height, fill: "none", stroke: "#000000", strokeWidth: 0.6)
        let t = ticks
        for v in t.values where hi > lo {
            let ty = y + height * (hi - v) / (hi - lo)
            doc.line(x1: x + Self.barWidth, y1: ty, x2: x + Self.barWidth + 4, y2: ty, width: 0.8)
            doc.text(SVGNumber.fixed(v, decimals: t.decimals), x: x + Self.barWidth + 6, y: ty + 3.5, size: 10, cssClass: "colorbar-tick")
        }
        let ux = x + width - 6
        doc.text(unit, x: ux, y: y + height / 2, size: 11, anchor: .middle, rotate: 90, cssClass: "colorbar-unit")
        doc.endGroup()
    }
}

/// Rough text widths for layout (DejaVu Sans averages about 0.6 em per character), so labels get
/// room without measuring fonts.
public enum TextMetrics {
    public static func width(count: Int, size: Double) -> Double { Double(count) * size * 0.6 }
    public static func width(_ s: String, size: Double) -> Double { width(count: s.count, size: size) }
}
