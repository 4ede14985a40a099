/// A labelled scatter plot (MDS of an RDM's conditions, or of a shape-metric space's ROIs and
/// layers): every point with its name, a colour per group with a legend, equal axis scales so
/// distances read true.
public struct LabelledScatter: Sendable {
    public struct Point: Sendable {
        public var x: Double, y: Double
        public var label: String
        public var group: String
        public init(x: Double, y: Double, label: String, group: String = "") { self.x = x; self.y = y; self.label = label; self.group = group }
    }

    public let points: [Point]
    public var title: String
    public var xLabel = "MDS dimension 1"
    public var yLabel = "MDS dimension 2"
    public var plotSize = 340.0

    public init(points: [Point], title: String) throws {
        guard !points.isEmpty else { throw FigureDataError("scatter '\(title)': no points") }
        self.points = points; self.title = title
    }

    public var groups: [String] {
        var seen: [String] = []
        for p in points where !seen.contains(p.group) { seen.append(p.group) }
        return seen
    }

    public func document() -> SVGDocument {
        var xr = PlotArea.range(of: points.map(\.x), pad: 0.12), yr = PlotArea.range(of: points.map(\.y), pad: 0.12)
        // equal scales: widen the shorter range about its centre
        let span = max(xr.1 - xr.0, yr.1 - yr.0)
        xr = ((xr.0 + xr.1 - span) / 2, (xr.0 + xr.1 + span) / 2)
        yr = ((yr.0 + yr.1 - span) / 2, (yr.0 + yr.1 + span) / 2)
        let gs = groups.filter { !$0.isEmpty }
        let legendWidth = gs.isEmpty ? 0 : TextMetrics.width(count: gs.map(\.count).max() ?? 0, size: 10) + 40
        let a = PlotArea(x: 62, y: 34, width: plotSize, height: plotSize, xRange: xr, yRange: yr)
        let width = max(a.x + a.width + 50 + legendWidth, TextMetrics.width(title, size: 14) + 24)
        var doc = SVGDocument(width: width, height: a.y + a.height + 44, label: title)
        doc.text(title, x: 12, y: 20, size: 14, bold: true, cssClass: "title")
        doc.rect(x: a.x, y: a.y, width: a.width, height: a.height, fill: "none", stroke: "#000000", strokeWidth: 0.6)
        doc.yAxis(a, label: yLabel)
        doc.xAxis(a, label: xLabel, grid: true)
        let all = groups
        func colour(_ g: String) -> String { SVGColor.categorical[(all.firstIndex(of: g) ?? 0) % SVGColor.categorical.count] }
        doc.beginGroup("points")
        for p in points where p.x.isFinite && p.y.isFinite {
            let cx = a.px(p.x), cy = a.py(p.y)
            doc.circle(cx: cx, cy: cy, r: 4, fill: colour(p.group), stroke: "#ffffff", strokeWidth: 0.8, cssClass: "point", tooltip: p.label)
            doc.text(p.label, x: cx + 6, y: cy - 5, size: 10, cssClass: "point-label")
        }
        doc.endGroup()
        for (k, g) in gs.enumerated() {
            let ly = a.y + 10 + Double(k) * 16
            doc.circle(cx: a.x + a.width + 22, cy: ly - 3.5, r: 4, fill: colour(g))
            doc.text(g, x: a.x + a.width + 30, y: ly, size: 10, cssClass: "legend")
        }
        return doc
    }

    public var svg: String { document().text }
}
