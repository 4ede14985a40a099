/// Axial slices of one 3D map (a GLM z map, a voxel-graph degree map, a seed correlation map)
/// side by side, as one small PNG raster embedded in the SVG (one pixel per voxel, the slices
/// separated by a one-pixel white column), with the map's name as title, each slice's position
/// in mm below it, and a colour bar with values and the map's unit. Signed maps (z, t, effects,
/// correlations) use the diverging `RdBu_r` centred on 0 over ±max|value|; the others (degree,
/// centrality, p) use `viridis` over [min, max]. Voxels that are NaN or exactly 0 are drawn
/// white: the map writers put 0 outside the brain mask, and the figure must show the brain's
/// outline, not a sea of one colour. The volume is taken as given (the caller reads one 3D
/// volume; nothing here holds more).
public struct MapSlices: Sendable {
    /// Values in NIfTI order, `i + nx * (j + ny * k)`.
    public let values: [Float]
    public let nx: Int, ny: Int, nz: Int
    /// The z coordinate (mm) of each slice k, from the image's affine.
    public let slicePositions: [Double]
    public var title: String
    /// The colour bar's label, e.g. "z" or "degree (edges)".
    public var unit: String
    /// Diverging colours centred on 0 (signed maps), else sequential.
    public var diverging: Bool
    /// Draw i from right to left (when i runs towards the subject's left, so left stays left).
    public var flipX = false
    /// Draw j from bottom to top (the default: j runs towards anterior, drawn up).
    public var flipY = true
    /// Voxel height over width, for the panels' aspect.
    public var voxelAspect = 1.0
    /// The line under the title saying what the panels are (the caller knows the orientation).
    public var note = "axial slices, bottom to top"
    /// How many slices to show at most.
    public var sliceCount = 5
    public var panelWidth = 120.0

    public init(values: [Float], shape: [Int], slicePositions: [Double], title: String, unit: String, diverging: Bool) throws {
        guard shape.count == 3, shape.allSatisfy({ $0 > 0 }) else { throw FigureDataError("map '\(title)': needs a 3D shape, got \(shape)") }
        let (n, o) = shape[0].multipliedReportingOverflow(by: shape[1])
        let (n3, o3) = n.multipliedReportingOverflow(by: shape[2])
        guard !o, !o3, n3 == values.count else { throw FigureDataError("map '\(title)': shape \(shape) does not match \(values.count) values") }
        guard slicePositions.count == shape[2] else { throw FigureDataError("map '\(title)': \(slicePositions.count) slice positions for \(shape[2]) slices") }
        self.values = values; nx = shape[0]; ny = shape[1]; nz = shape[2]
        self.slicePositions = slicePositions; self.title = title; self.unit = unit; self.diverging = diverging
    }

    static func shown(_ v: Float) -> Bool { v.isFinite && v != 0 }

    /// The colour scale: ±max|value| when diverging, else [min, max] of the shown voxels.
    public var range: (Double, Double) {
        var lo = Double.infinity, hi = -Double.infinity
        for v in values where Self.shown(v) { lo = min(lo, Double(v)); hi = max(hi, Double(v)) }
        guard lo.isFinite else { return diverging ? (-1, 1) : (0, 1) }
        if diverging {
            let m = max(abs(lo), abs(hi))
            return (-m, m)
        }
        return lo < hi ? (lo, hi) : (lo - 1, hi + 1)
    }

    /// The slices drawn: up to `sliceCount`, evenly spaced over the slices holding shown voxels
    /// (rounded to the nearest slice), bottom first.
    public var slices: [Int] {
        let plane = nx * ny
        var first = -1, last = -1
        for k in 0..<nz {
            if values[(k * plane)..<((k + 1) * plane)].contains(where: Self.shown) {
                if first < 0 { first = k }
                last = k
            }
        }
        if first < 0 { first = 0; last = nz - 1 }
        let span = last - first + 1, count = min(max(1, sliceCount), span)
        if count == 1 { return [first + span / 2] }
        return (0..<count).map { first + Int((Double($0) * Double(span - 1) / Double(count - 1)).rounded()) }
    }

    /// The raster: the slices side by side, one RGB pixel per voxel, white between them.
    public func raster() -> PNGImage {
        let ks = slices
        let width = ks.count * nx + ks.count - 1
        var px = [UInt8](repeating: 255, count: width * ny * 3)
        let (lo, hi) = range
        let map: ColorMap = diverging ? .rdBuR : .viridis
        for (s, k) in ks.enumerated() {
            for j in 0..<ny {
                let row = flipY ? ny - 1 - j : j
                for i in 0..<nx {
                    let v = values[i + nx * (j + ny * k)]
                    guard Self.shown(v) else { continue }
                    let c = map.color((Double(v) - lo) / (hi - lo))
                    let col = s * (nx + 1) + (flipX ? nx - 1 - i : i)
                    let o = (row * width + col) * 3
                    px[o] = c.0; px[o + 1] = c.1; px[o + 2] = c.2
                }
            }
        }
        return PNGImage(width: width, height: ny, format: .rgb, pixels: px)
    }

    public func document() -> SVGDocument {
        let ks = slices
        let left = 12.0, top = 48.0, gap = panelWidth / Double(nx)
        let panelHeight = panelWidth * Double(ny) / Double(nx) * voxelAspect
        let imageWidth = Double(ks.count) * panelWidth + Double(ks.count - 1) * gap
        let bar = SVGColorBar(colorMap: diverging ? .rdBuR : .viridis, range: range, unit: unit)
        let width = max(left + imageWidth + 16 + bar.width + 10, TextMetrics.width(title, size: 14) + 24)
        var doc = SVGDocument(width: width, height: top + panelHeight + 30, label: title)
        doc.text(title, x: left, y: 20, size: 14, bold: true, cssClass: "title")
        doc.text(note + "; white: outside the map (0 or NaN)", x: left, y: 37, size: 10, cssClass: "legend")
        if let png = try? raster().encoded() {
            doc.image(png: png, x: left, y: top, width: imageWidth, height: panelHeight, cssClass: "slices")
        }
        for (s, k) in ks.enumerated() {
            let x = left + Double(s) * (panelWidth + gap)
            doc.rect(x: x, y: top, width: panelWidth, height: panelHeight, fill: "none", stroke: "#808080", strokeWidth: 0.5)
            doc.text("z = \(SVGNumber.value(slicePositions[k])) mm", x: x + panelWidth / 2, y: top + panelHeight + 16, size: 10,
                     anchor: .middle, cssClass: "slice-label")
        }
        bar.draw(into: &doc, x: left + imageWidth + 16, y: top, height: panelHeight)
        return doc
    }

    public var svg: String { document().text }
}
