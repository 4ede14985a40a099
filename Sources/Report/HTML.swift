import Figures

/// HTML building blocks of the report: escaping, the page shell (inline CSS, no external
/// resource), tables, links. Pages are plain HTML with inline SVG, readable offline.
enum HTML {
    /// The figures' XML escaping (the same five entities; characters XML forbids, which HTML
    /// also forbids, are dropped), so text is escaped one way in a page and in its inline SVG.
    static func escape(_ s: String) -> String { SVGDocument.escape(s) }

    /// A relative URL: each path segment percent-encoded where needed (ROI names in file names).
    static func url(_ path: String) -> String {
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/".unicodeScalars)
        var out = ""
        for b in path.utf8 {
            let u = Unicode.Scalar(b)
            if b < 128, allowed.contains(u) { out.unicodeScalars.append(u) } else {
                let digits = Array("0123456789ABCDEF")
                out += "%" + String(digits[Int(b >> 4)]) + String(digits[Int(b & 15)])
            }
        }
        return out
    }

    static func link(_ href: String, _ text: String) -> String { "<a href=\"\(escape(url(href)))\">\(escape(text))</a>" }

    /// A table; cells are HTML already (escape text before passing it).
    static func table(_ header: [String], _ rows: [[String]], cssClass: String = "") -> String {
        var s = "<table\(cssClass.isEmpty ? "" : " class=\"\(cssClass)\"")><thead><tr>"
        s += header.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead><tbody>\n"
        for r in rows { s += "<tr>" + r.map { "<td>\($0)</td>" }.joined() + "</tr>\n" }
        return s + "</tbody></table>\n"
    }

    /// A whole page. The small inline script only records errors and broken images into
    /// attributes of `<html>` (`data-errors`, `data-broken-images`), so a headless browser's DOM
    /// dump shows them; the page needs no script to be read.
    static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <script>
        window.addEventListener('error', function (e) {
          var t = (e.target && e.target !== window) ? 'failed to load ' + (e.target.src || e.target.href) : (e.message || 'error');
          var h = document.documentElement;
          h.setAttribute('data-errors', (h.getAttribute('data-errors') ? h.getAttribute('data-errors') + ' | ' : '') + t);
        }, true);
        window.addEventListener('load', function () {
          var broken = 0;
          for (var i = 0; i < document.images.length; i++) {
            var im = document.images[i];
            if (!im.complete || im.naturalWidth === 0) broken++;
          }
          document.documentElement.setAttribute('data-broken-images', String(broken));
        });
        </script>
        <style>
        \(css)
        </style>
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }

    static let css = """
    body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 0 auto; max-width: 1280px; padding: 12px 20px 40px; color: #222; }
    h1 { font-size: 22px; margin: 8px 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid #ccc; padding-bottom: 3px; }
    h3 { font-size: 15px; margin: 18px 0 6px; }
    nav { font-size: 13px; margin: 6px 0 10px; } nav a { margin-right: 14px; }
    p.note { color: #555; font-size: 13px; margin: 4px 0; }
    table { border-collapse: collapse; font-size: 12px; margin: 6px 0 12px; }
    th, td { border: 1px solid #d0d0d0; padding: 3px 7px; text-align: left; vertical-align: top; }
    th { background: #f2f2f2; }
    td.done { background: #e5f5e0; } td.failed { background: #fde0dd; font-weight: bold; } td.blocked { background: #fff3d6; } td.missing { color: #999; }
    td.error { max-width: 520px; font-family: "DejaVu Sans Mono", monospace; font-size: 11px; white-space: pre-wrap; }
    .figures { display: flex; flex-wrap: wrap; gap: 14px; align-items: flex-start; }
    figure { margin: 0; border: 1px solid #e3e3e3; padding: 6px; background: #fff; max-width: 100%; }
    figure svg { max-width: 100%; height: auto; display: block; }
    figcaption { font-size: 11px; color: #555; margin-top: 4px; max-width: 640px; }
    figure img.rp { width: 150px; height: 150px; image-rendering: pixelated; border: 1px solid #ccc; display: block; }
    table.parameters td code { word-break: break-all; white-space: normal; font-size: 11px; }
    table.parameters { max-width: 100%; }
    pre { background: #f7f7f7; border: 1px solid #ddd; padding: 8px; font-size: 11px; overflow-x: auto; max-height: 420px; }
    """
}
