/// A rectangular plotting area that maps data to pixels, with axes drawn at round ticks.
public struct PlotArea: Sendable {
    public var x: Double, y: Double, width: Double, height: Double
    public var xRange: (Double, Double)
    public var yRange: (Double, Double)

    public init(x: Double, y: Double, width: Double, height: Double, xRange: (Double, Double), yRange: (Double, Double)) {
        self.x = x; self.y = y; self.width = width; self.height = height
        self.xRange = Self.widened(xRange); self.yRange = Self.widened(yRange)
    }

    public func px(_ v: Double) -> Double { x + width * (v - xRange.0) / (xRange.1 - xRange.0) }
    public func py(_ v: Double) -> Double { y + height * (yRange.1 - v) / (yRange.1 - yRange.0) }

    /// A range with room: equal ends are opened by 0.5 either side; non-finite ends become (0, 1).
    static func widened(_ r: (Double, Double)) -> (Double, Double) {
        guard r.0.isFinite, r.1.isFinite else { return (0, 1) }
        return r.1 > r.0 ? r : (r.0 - 0.5, r.0 + 0.5)
    }

    /// (lo, hi) of the finite values, padded by `pad` of the span.
    public static func range(of values: [Double], pad: Double = 0.05, including: [Double] = []) -> (Double, Double) {
        let f = (values + including).filter(\.isFinite)
        guard let lo = f.min(), let hi = f.max() else { return (0, 1) }
        let span = hi > lo ? hi - lo : max(abs(hi), 1)
        return (lo - pad * span, hi + pad * span)
    }
}

extension SVGDocument {
    /// Left axis with round ticks, grid lines and a rotated label.
    public mutating func yAxis(_ a: PlotArea, label: String?, grid: Bool = true) {
        let t = AxisTicks.ticks(from: a.yRange.0, to: a.yRange.1, count: 5)
        beginGroup("y-axis")
        line(x1: a.x, y1: a.y, x2: a.x, y2: a.y + a.height, width: 0.8)
        for v in t.values {
            let yy = a.py(v)
            if grid { line(x1: a.x, y1: yy, x2: a.x + a.width, y2: yy, stroke: "#e0e0e0", width: 0.6) }
            line(x1: a.x - 4, y1: yy, x2: a.x, y2: yy, width: 0.8)
            text(SVGNumber.fixed(v, decimals: t.decimals), x: a.x - 6, y: yy + 3.5, size: 10, anchor: .end, cssClass: "tick")
        }
        if let l = label { text(l, x: a.x - 40, y: a.y + a.height / 2, size: 11, anchor: .middle, rotate: -90, cssClass: "axis-label") }
        endGroup()
    }

    /// Bottom axis with round ticks and a label.
    public mutating func xAxis(_ a: PlotArea, label: String?, grid: Bool = false) {
        let t = AxisTicks.ticks(from: a.xRange.0, to: a.xRange.1, count: 6)
        let base = a.y + a.height
        beginGroup("x-axis")
        line(x1: a.x, y1: base, x2: a.x + a.width, y2: base, width: 0.8)
        for v in t.values {
            let xx = a.px(v)
            if grid { line(x1: xx, y1: a.y, x2: xx, y2: base, stroke: "#e0e0e0", width: 0.6) }
            line(x1: xx, y1: base, x2: xx, y2: base + 4, width: 0.8)
            text(SVGNumber.fixed(v, decimals: t.decimals), x: xx, y: base + 15, size: 10, anchor: .middle, cssClass: "tick")
        }
        if let l = label { text(l, x: a.x + a.width / 2, y: base + 32, size: 11, anchor: .middle, cssClass: "axis-label") }
        endGroup()
    }
}
