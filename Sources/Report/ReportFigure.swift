import Foundation

/// One figure of a page: an inline SVG (or an image), its caption, and links to the data it shows.
struct ReportFigure {
    var title: String
    /// Inline SVG or `<img>` HTML.
    var body: String
    var caption: String
    /// Output files shown, relative to the output folder (linked from the caption).
    var sources: [String]

    /// The figure's HTML on a page `prefix` away from the output folder ("" or "../").
    func html(prefix: String) -> String {
        var s = "<figure>\n\(body)<figcaption>\(HTML.escape(caption))"
        if !sources.isEmpty {
            s += " Data: " + sources.map { HTML.link(prefix + $0, ($0 as NSString).lastPathComponent) }.joined(separator: ", ") + "."
        }
        return s + "</figcaption></figure>\n"
    }

    /// A note in place of a figure that could not be drawn, saying why.
    static func failure(_ title: String, _ error: Error, sources: [String]) -> ReportFigure {
        ReportFigure(title: title, body: "<p class=\"note\">\(HTML.escape(title)): not drawn — \(HTML.escape("\(error)"))</p>\n",
                     caption: "", sources: sources)
    }

    /// Draws with `make`, or returns the failure note.
    static func attempt(_ title: String, sources: [String], _ make: () throws -> ReportFigure) -> ReportFigure {
        do { return try make() } catch { return failure(title, error, sources: sources) }
    }
}

extension Array where Element == ReportFigure {
    func html(prefix: String) -> String {
        isEmpty ? "" : "<div class=\"figures\">\n" + map { $0.html(prefix: prefix) }.joined() + "</div>\n"
    }
}

