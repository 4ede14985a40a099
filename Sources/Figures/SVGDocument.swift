import AtomicFiles
import Foundation

/// A small SVG writer for the report's figures. Elements are appended in drawing order; text is
/// escaped; every number goes through `SVGNumber`, so the same figure is the same bytes on every
/// run (no locale, no shortest-round-trip digits that differ between platforms). `class`
/// attributes name each part (`title`, `row-label`, `colorbar-tick`, ...) for styling and tests.
public struct SVGDocument: Sendable {
    public let width: Double
    public let height: Double
    /// The figure's accessible name (`<title>`), usually its visible title.
    public var label: String
    private(set) var body: [String] = []

    public init(width: Double, height: Double, label: String) {
        self.width = width
        self.height = height
        self.label = label
    }

    // MARK: elements

    public mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String, stroke: String? = nil,
                              strokeWidth: Double = 1, opacity: Double? = nil, cssClass: String? = nil, tooltip: String? = nil) {
        var a = "x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"\(fill)\""
        if let s = stroke { a += " stroke=\"\(s)\" stroke-width=\"\(n(strokeWidth))\"" }
        if let o = opacity { a += " fill-opacity=\"\(n(o))\"" }
        element("rect", a, cssClass: cssClass, tooltip: tooltip)
    }

    public mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String = "#000000", width: Double = 1,
                              dashed: Bool = false, cssClass: String? = nil) {
        var a = "x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(n(width))\""
        if dashed { a += " stroke-dasharray=\"4 3\"" }
        element("line", a, cssClass: cssClass, tooltip: nil)
    }

    /// A polyline through the points; a non-finite value breaks the line into pieces.
    public mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 1.2, cssClass: String? = nil) {
        var piece: [String] = []
        func flush() {
            if piece.count > 1 {
                element("polyline", "points=\"\(piece.joined(separator: " "))\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(n(width))\"",
                        cssClass: cssClass, tooltip: nil)
            }
            piece.removeAll()
        }
        for (x, y) in points {
            if x.isFinite && y.isFinite { piece.append("\(n(x)),\(n(y))") } else { flush() }
        }
        flush()
    }

    public mutating func circle(cx: Double, cy: Double, r: Double, fill: String, stroke: String? = nil, strokeWidth: Double = 1,
                                cssClass: String? = nil, tooltip: String? = nil) {
        var a = "cx=\"\(n(cx))\" cy=\"\(n(cy))\" r=\"\(n(r))\" fill=\"\(fill)\""
        if let s = stroke { a += " stroke=\"\(s)\" stroke-width=\"\(n(strokeWidth))\"" }
        element("circle", a, cssClass: cssClass, tooltip: tooltip)
    }

    public enum Anchor: String, Sendable { case start, middle, end }

    /// Text at (x, y) (the baseline), optionally rotated by `rotate` degrees about that point.
    public mutating func text(_ s: String, x: Double, y: Double, size: Double = 11, anchor: Anchor = .start, rotate: Double = 0,
                              bold: Bool = false, fill: String = "#000000", cssClass: String? = nil) {
        var a = "x=\"\(n(x))\" y=\"\(n(y))\" font-size=\"\(n(size))\""
        if anchor != .start { a += " text-anchor=\"\(anchor.rawValue)\"" }
        if rotate != 0 { a += " transform=\"rotate(\(n(rotate)) \(n(x)) \(n(y)))\"" }
        if bold { a += " font-weight=\"bold\"" }
        if fill != "#000000" { a += " fill=\"\(fill)\"" }
        if let c = cssClass { a = "class=\"\(Self.escape(c))\" " + a }
        body.append("<text \(a)>\(Self.escape(s))</text>")
    }

    /// A PNG raster stretched over the rectangle, pixels kept sharp (for carpets and large matrices).
    public mutating func image(png: Data, x: Double, y: Double, width: Double, height: Double, cssClass: String? = nil) {
        let a = "x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(width))\" height=\"\(n(height))\" preserveAspectRatio=\"none\" "
            + "style=\"image-rendering:pixelated\" href=\"data:image/png;base64,\(png.base64EncodedString())\""
        element("image", a, cssClass: cssClass, tooltip: nil)
    }

    /// Draws another document's content here, shifted by (x, y) (for multi-panel figures).
    public mutating func place(_ other: SVGDocument, x: Double, y: Double, cssClass: String? = nil) {
        let c = cssClass.map { " class=\"\(Self.escape($0))\"" } ?? ""
        body.append("<g\(c) transform=\"translate(\(n(x)) \(n(y)))\">")
        body += other.body
        body.append("</g>")
    }

    public mutating func beginGroup(_ cssClass: String) { body.append("<g class=\"\(Self.escape(cssClass))\">") }
    public mutating func endGroup() { body.append("</g>") }

    // MARK: output

    /// The standalone SVG document (also valid inline in HTML5).
    public var text: String {
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(width))\" height=\"\(n(height))\" "
            + "viewBox=\"0 0 \(n(width)) \(n(height))\" role=\"img\" font-family=\"DejaVu Sans, Arial, sans-serif\">\n"
        out += "<title>\(Self.escape(label))</title>\n"
        out += "<rect x=\"0\" y=\"0\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"#ffffff\"/>\n"
        for b in body { out += b + "\n" }
        return out + "</svg>\n"
    }

    /// Writes the document (atomically).
    public func write(to path: String) throws { try AtomicFile.write(text, to: path) }

    // MARK: helpers

    private mutating func element(_ name: String, _ attributes: String, cssClass: String?, tooltip: String?) {
        let c = cssClass.map { "class=\"\(Self.escape($0))\" " } ?? ""
        if let t = tooltip {
            body.append("<\(name) \(c)\(attributes)><title>\(Self.escape(t))</title></\(name)>")
        } else {
            body.append("<\(name) \(c)\(attributes)/>")
        }
    }

    private func n(_ v: Double) -> String { SVGNumber.coordinate(v) }

    /// Text escaped for XML content and attribute values; characters XML 1.0 forbids are dropped.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                let v = u.value
                if v == 0x9 || v == 0xA || v == 0xD || (v >= 0x20 && v <= 0xD7FF) || (v >= 0xE000 && v <= 0xFFFD) || v >= 0x10000 {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out
    }
}

/// Colours as `#rrggbb`.
public enum SVGColor {
    public static func hex(_ c: (UInt8, UInt8, UInt8)) -> String {
        let digits = Array("0123456789abcdef")
        var s = "#"
        for b in [c.0, c.1, c.2] { s.append(digits[Int(b >> 4)]); s.append(digits[Int(b & 15)]) }
        return s
    }

    /// Black or white, whichever reads better on `c` (by relative luminance).
    public static func textColor(on c: (UInt8, UInt8, UInt8)) -> String {
        let l = 0.2126 * Double(c.0) + 0.7152 * Double(c.1) + 0.0722 * Double(c.2)
        return l > 140 ? "#000000" : "#ffffff"
    }

    /// Ten distinguishable colours (matplotlib's tab10) for groups of points.
    public static let categorical = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]
}
