/// A QC carpet plot: the cleaned ROI signals (rows) over the volumes (columns) as a grey raster
/// (z-scores clipped to [-2, 2], embedded as a small PNG: one pixel per ROI and volume), the
/// framewise displacement below it with its threshold, and the censored volumes marked in red on
/// both. The carpet is of ROI signals, not voxels: the pipeline keeps ROI series, and a carpet of
/// them shows the same global artefacts (stripes across rows) at a fraction of the size.
public struct CarpetPlot: Sendable {
    /// One row per ROI, each with one value per volume.
    public let signals: [[Double]]
    public let rowLabels: [String]
    public var title: String
    /// Framewise displacement per volume, in mm (NaN where undefined, e.g. the first volume).
    public var framewiseDisplacement: [Double]?
    public var fdThreshold: Double?
    /// Indices of censored volumes (0-based).
    public var censored: [Int] = []
    /// Seconds per volume; when known the time axis is in seconds.
    public var repetitionTime: Double?
    public var plotWidth = 600.0

    public init(signals: [[Double]], rowLabels: [String], title: String) throws {
        guard let n = signals.first?.count, n > 0, signals.allSatisfy({ $0.count == n }) else {
            throw FigureDataError("carpet '\(title)': needs ROI rows of equal, non-zero length")
        }
        guard rowLabels.count == signals.count else { throw FigureDataError("carpet '\(title)': \(rowLabels.count) names for \(signals.count) rows") }
        self.signals = signals; self.rowLabels = rowLabels; self.title = title
    }

    public var volumes: Int { signals.first?.count ?? 0 }

    /// The raster: grey levels of the rows' z-scores (each row standardized), clipped to [-2, 2].
    public func raster() -> PNGImage {
        let n = volumes
        var px = [UInt8](repeating: 128, count: n * signals.count)
        for (r, row) in signals.enumerated() {
            let f = row.filter(\.isFinite)
            let mean = f.isEmpty ? 0 : f.reduce(0, +) / Double(f.count)
            let sd = f.count > 1 ? (f.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(f.count - 1)).squareRoot() : 0
            for (t, v) in row.enumerated() where v.isFinite {
                let z = sd > 0 ? (v - mean) / sd : 0
                px[r * n + t] = UInt8((max(-2, min(2, z)) + 2) / 4 * 255 + 0.5)
            }
        }
        return PNGImage(width: n, height: signals.count, format: .grey, pixels: px)
    }

    public func document() -> SVGDocument {
        let n = volumes
        let showNames = rowLabels.count <= 40
        let labelWidth = showNames ? TextMetrics.width(count: rowLabels.map(\.count).max() ?? 0, size: 9) + 10 : 20
        let left = 62 + labelWidth, top = 54.0
        let carpetHeight = min(360, max(120, Double(signals.count) * 12))
        let hasFD = framewiseDisplacement.map { $0.count == n } ?? false
        let fdTop = top + carpetHeight + 14, fdHeight = hasFD ? 90.0 : 0
        let axisY = hasFD ? fdTop + fdHeight : top + carpetHeight
        let width = left + plotWidth + 130
        var doc = SVGDocument(width: width, height: axisY + 46, label: title)
        doc.text(title, x: 12, y: 20, size: 14, bold: true, cssClass: "title")
        doc.rect(x: 16, y: 30, width: 11, height: 11, fill: "#d62728", opacity: 0.45)
        doc.text("censored volumes (\(censored.count) of \(n))", x: 32, y: 40, size: 10, cssClass: "legend")
        if let png = try? raster().encoded() {
            doc.image(png: png, x: left, y: top, width: plotWidth, height: carpetHeight, cssClass: "carpet")
        }
        doc.rect(x: left, y: top, width: plotWidth, height: carpetHeight, fill: "none", stroke: "#000000", strokeWidth: 0.6)
        let rowHeight = carpetHeight / Double(signals.count)
        if showNames {
            for (i, name) in rowLabels.enumerated() {
                doc.text(name, x: left - 4, y: top + (Double(i) + 0.5) * rowHeight + 3, size: 9, anchor: .end, cssClass: "row-label")
            }
        }
        doc.text("ROIs", x: 16, y: top + carpetHeight / 2, size: 11, anchor: .middle, rotate: -90, cssClass: "axis-label")
        let bar = SVGColorBar(colorMap: .grey, range: (-2, 2), unit: "signal (z, clipped)")
        bar.draw(into: &doc, x: left + plotWidth + 12, y: top, height: carpetHeight)

        let xr = (0.0, Double(n))
        let seconds = repetitionTime.map { $0 > 0 } ?? false
        let scale = seconds ? repetitionTime! : 1
        let timeArea = PlotArea(x: left, y: hasFD ? fdTop : top, width: plotWidth, height: hasFD ? fdHeight : carpetHeight,
                                xRange: (xr.0 * scale, xr.1 * scale), yRange: (0, 1))
        let vw = plotWidth / Double(n)
        doc.beginGroup("censored")
        for v in censored where v >= 0 && v < n {
            let x = left + Double(v) * vw
            doc.rect(x: x, y: top, width: max(vw, 1), height: axisY - top, fill: "#d62728", opacity: 0.45, cssClass: "censored",
                     tooltip: "volume \(v) censored")
        }
        doc.endGroup()
        if hasFD, let fd = framewiseDisplacement {
            let finite = fd.filter(\.isFinite)
            let hi = max(finite.max() ?? 0, fdThreshold ?? 0) * 1.1
            let a = PlotArea(x: left, y: fdTop, width: plotWidth, height: fdHeight, xRange: xr, yRange: (0, hi > 0 ? hi : 1))
            doc.yAxis(a, label: nil)
            doc.text("FD (mm)", x: left - 44, y: fdTop + fdHeight / 2, size: 11, anchor: .middle, rotate: -90, cssClass: "axis-label")
            doc.polyline(fd.enumerated().map { (a.px(Double($0.offset) + 0.5), a.py($0.element)) }, stroke: "#1f4e79", cssClass: "fd-trace")
            if let t = fdThreshold {
                doc.line(x1: a.x, y1: a.py(t), x2: a.x + a.width, y2: a.py(t), stroke: "#d62728", width: 1, dashed: true, cssClass: "fd-threshold")
                doc.text("threshold \(SVGNumber.value(t)) mm", x: a.x + a.width + 4, y: a.py(t) + 3.5, size: 9, fill: "#d62728", cssClass: "legend")
            }
            doc.rect(x: a.x, y: a.y, width: a.width, height: a.height, fill: "none", stroke: "#000000", strokeWidth: 0.6)
        }
        var axis = timeArea
        axis.y = axisY - axis.height
        doc.xAxis(axis, label: seconds ? "time (s)" : "volume")
        return doc
    }

    public var svg: String { document().text }
}

extension ColorMap {
    /// Black to white, for carpets.
    public static let grey: ColorMap = {
        let digits = Array("0123456789abcdef")
        let hex = (0..<256).map { i -> String in
            let h = String([digits[i >> 4], digits[i & 15]])
            return h + h + h
        }
        return ColorMap(name: "grey", hex: hex)
    }()
}
