import Foundation

/// What the report tests read back from an HTML page: its relative links and image sources
/// (to check each resolves to a file), its visible text (tags, scripts and styles removed,
/// entities decoded), and its inline SVG figures.
public struct HTMLPageCheck {
    public let path: String
    public let html: String

    public init(path: String) throws {
        self.path = path
        html = try String(contentsOfFile: path, encoding: .utf8)
    }

    public init(path: String, html: String) {
        self.path = path
        self.html = html
    }

    /// Every `href="..."` and `src="..."` value (entities decoded), in order.
    public var references: [String] {
        var out: [String] = []
        for attr in ["href=\"", "src=\""] {
            var rest = html[...]
            while let r = rest.range(of: attr) {
                let after = rest[r.upperBound...]
                guard let end = after.firstIndex(of: "\"") else { break }
                out.append(Self.decode(String(after[..<end])))
                rest = after[end...]
            }
        }
        return out
    }

    /// References that are relative files (not `#anchors`, `data:` URIs, or absolute URLs).
    public var fileReferences: [String] {
        references.filter { !$0.hasPrefix("#") && !$0.hasPrefix("data:") && !$0.contains("://") && !$0.hasPrefix("mailto:") }
    }

    /// File references that do not resolve to an existing file, relative to the page's folder.
    public var unresolved: [String] {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        return fileReferences.filter { ref in
            let clean = ref.components(separatedBy: "#")[0]
            let decoded = clean.removingPercentEncoding ?? clean
            return !FileManager.default.fileExists(atPath: folder.appendingPathComponent(decoded).standardized.path)
        }
    }

    /// Any network reference (`http:`, `https:`, `//host`) in an attribute: the report must work offline.
    public var networkReferences: [String] {
        references.filter { $0.hasPrefix("http:") || $0.hasPrefix("https:") || $0.hasPrefix("//") }
    }

    /// The text a reader sees: content of elements outside `<script>`, `<style>` and `<title>`,
    /// including SVG `<text>` (not attribute values, not tooltips).
    public var visibleText: String {
        var s = html
        for tag in ["script", "style", "title", "head"] {
            while let open = s.range(of: "<\(tag)"), let close = s.range(of: "</\(tag)>", range: open.upperBound..<s.endIndex) {
                s.replaceSubrange(open.lowerBound..<close.upperBound, with: " ")
            }
        }
        var out = "", inTag = false
        for c in s {
            if c == "<" { inTag = true; out.append(" ") } else if c == ">" { inTag = false } else if !inTag { out.append(c) }
        }
        return Self.decode(out)
    }

    /// The inline `<svg>...</svg>` figures.
    public var svgFigures: [String] {
        var out: [String] = []
        var rest = html[...]
        while let open = rest.range(of: "<svg"), let close = rest.range(of: "</svg>", range: open.upperBound..<rest.endIndex) {
            out.append(String(rest[open.lowerBound..<close.upperBound]))
            rest = rest[close.upperBound...]
        }
        return out
    }

    /// Inline SVG figures holding at least one non-empty `<text>` label.
    public var labelledSVGFigures: Int {
        svgFigures.filter { svg in
            svg.components(separatedBy: "<text").dropFirst().contains { part in
                guard let gt = part.firstIndex(of: ">"), let end = part.range(of: "</text>") else { return false }
                return !part[part.index(after: gt)..<end.lowerBound].trimmingCharacters(in: .whitespaces).isEmpty
            }
        }.count
    }

    /// The value of an attribute of `<html>` (the pages record errors there), or nil.
    public func rootAttribute(_ name: String) -> String? {
        guard let open = html.range(of: "<html"), let end = html[open.upperBound...].firstIndex(of: ">") else { return nil }
        let tag = html[open.upperBound..<end]
        guard let r = tag.range(of: " \(name)=\"") else { return nil }
        let after = tag[r.upperBound...]
        return after.firstIndex(of: "\"").map { Self.decode(String(after[..<$0])) }
    }

    static func decode(_ s: String) -> String {
        s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
    }
}
