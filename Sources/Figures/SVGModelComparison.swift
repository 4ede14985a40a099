/// The model comparison of RSA: per ROI (one panel each), every layer's mean comparison with its
/// 95% interval, the noise ceiling as a grey band (lower to upper bound), and the best layer (the
/// largest mean) marked in orange with "best". Panels share the value axis so ROIs compare.
public struct ModelComparisonPlot: Sendable {
    public struct Entry: Sendable {
        public var layer: String
        public var mean: Double
        public var low: Double
        public var high: Double
        public init(layer: String, mean: Double, low: Double, high: Double) {
            self.layer = layer; self.mean = mean; self.low = low; self.high = high
        }
    }

    public struct Panel: Sendable {
        public var roi: String
        public var entries: [Entry]
        /// Lower and upper bound of the noise ceiling (nil or NaN when unknown).
        public var noiseCeiling: (Double, Double)?
        public init(roi: String, entries: [Entry], noiseCeiling: (Double, Double)?) {
            self.roi = roi; self.entries = entries; self.noiseCeiling = noiseCeiling
        }

        /// The entry with the largest mean.
        public var best: Entry? { entries.filter { $0.mean.isFinite }.max { $0.mean < $1.mean } }
    }

    public let panels: [Panel]
    public var title: String
    /// The comparison's name and unit, e.g. "Spearman correlation with the ROI RDM".
    public var valueLabel: String
    public var panelsPerRow = 4

    public init(panels: [Panel], title: String, valueLabel: String) throws {
        guard !panels.isEmpty, panels.allSatisfy({ !$0.entries.isEmpty }) else { throw FigureDataError("model comparison '\(title)': no ROIs or no layers") }
        self.panels = panels; self.title = title; self.valueLabel = valueLabel
    }

    public func document() -> SVGDocument {
        let layersMax = panels.map(\.entries.count).max() ?? 1
        let labelDepth = TextMetrics.width(count: panels.flatMap { $0.entries.map(\.layer.count) }.max() ?? 0, size: 10) * 0.71 + 14
        let pw = max(200, Double(layersMax) * 26) + 60, ph = 170 + labelDepth + 30
        let perRow = max(1, min(panelsPerRow, panels.count))
        let rowsOfPanels = (panels.count + perRow - 1) / perRow
        var all: [Double] = [0]
        for p in panels {
            all += p.entries.flatMap { [$0.low, $0.high, $0.mean] }
            if let nc = p.noiseCeiling { all += [nc.0, nc.1] }
        }
        let yr = PlotArea.range(of: all, pad: 0.08)
        let width = 20 + Double(perRow) * pw, height = 58 + Double(rowsOfPanels) * ph
        var doc = SVGDocument(width: width, height: height, label: title)
        doc.text(title, x: 12, y: 20, size: 14, bold: true, cssClass: "title")
        // legend
        doc.circle(cx: 18, cy: 38, r: 3.5, fill: "#1f4e79")
        doc.text("mean with 95% interval", x: 26, y: 42, size: 10, cssClass: "legend")
        doc.rect(x: 160, y: 32, width: 16, height: 11, fill: "#bdbdbd", opacity: 0.7)
        doc.text("noise ceiling (lower to upper bound)", x: 182, y: 42, size: 10, cssClass: "legend")
        doc.circle(cx: 388, cy: 38, r: 5, fill: "#e6550d")
        doc.text("best layer", x: 397, y: 42, size: 10, cssClass: "legend")
        for (k, p) in panels.enumerated() {
            let ox = 10 + Double(k % perRow) * pw, oy = 54 + Double(k / perRow) * ph
            let a = PlotArea(x: ox + 52, y: oy + 22, width: pw - 66, height: 150, xRange: (0, Double(p.entries.count)), yRange: yr)
            doc.beginGroup("panel")
            doc.text(p.roi, x: a.x + a.width / 2, y: oy + 14, size: 12, anchor: .middle, bold: true, cssClass: "panel-title")
            doc.yAxis(a, label: k % perRow == 0 ? valueLabel : nil)
            if let nc = p.noiseCeiling, nc.0.isFinite, nc.1.isFinite {
                let top = a.py(max(nc.0, nc.1)), bottom = a.py(min(nc.0, nc.1))
                doc.rect(x: a.x, y: top, width: a.width, height: max(1, bottom - top), fill: "#bdbdbd", opacity: 0.7, cssClass: "noise-ceiling",
                         tooltip: "noise ceiling \(SVGNumber.value(nc.0)) to \(SVGNumber.value(nc.1))")
            }
            if a.yRange.0 < 0 && a.yRange.1 > 0 { doc.line(x1: a.x, y1: a.py(0), x2: a.x + a.width, y2: a.py(0), stroke: "#555555", width: 0.8, dashed: true) }
            doc.line(x1: a.x, y1: a.y + a.height, x2: a.x + a.width, y2: a.y + a.height, width: 0.8)
            let best = p.best
            for (i, e) in p.entries.enumerated() {
                let cx = a.px(Double(i) + 0.5)
                let isBest = best.map { $0.layer == e.layer } ?? false
                let colour = isBest ? "#e6550d" : "#1f4e79"
                if e.low.isFinite && e.high.isFinite {
                    doc.line(x1: cx, y1: a.py(e.low), x2: cx, y2: a.py(e.high), stroke: colour, width: 1.4, cssClass: "interval")
                    doc.line(x1: cx - 3, y1: a.py(e.low), x2: cx + 3, y2: a.py(e.low), stroke: colour, width: 1.2)
                    doc.line(x1: cx - 3, y1: a.py(e.high), x2: cx + 3, y2: a.py(e.high), stroke: colour, width: 1.2)
                }
                if e.mean.isFinite {
                    doc.circle(cx: cx, cy: a.py(e.mean), r: isBest ? 5 : 3.5, fill: colour, cssClass: isBest ? "mean best" : "mean",
                               tooltip: "\(p.roi), \(e.layer): mean \(SVGNumber.value(e.mean)), 95% interval \(SVGNumber.value(e.low)) to \(SVGNumber.value(e.high))")
                }
                if isBest {
                    doc.text("best", x: cx, y: a.py(e.high.isFinite ? max(e.high, e.mean) : e.mean) - 6, size: 10, anchor: .middle, bold: true,
                             fill: "#e6550d", cssClass: "best-marker")
                }
                doc.text(e.layer, x: cx, y: a.y + a.height + 12, size: 10, anchor: .end, rotate: -45, cssClass: "column-label")
            }
            doc.endGroup()
        }
        return doc
    }

    public var svg: String { document().text }
}
