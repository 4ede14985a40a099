import ArrayFiles
import Foundation
import TestSupport
import XCTest

/// The sample report in a real browser: `neurorep run Pipelines/sample.yaml` writes it, headless
/// Chromium (Debian's `chromium`, installed by scripts/install-test-deps.sh) loads the group
/// page and every subject page. No console message or script error, no broken image, every
/// relative link and image resolves to a file, every subject, ROI and layer name is visible
/// text, each page has at least six SVG figures with text labels, each subject page has a GLM
/// section of z-map slices with visible titles, and the whole report stays under 5 MB. Screenshots go to `.build/test-artifacts/` (not committed).
final class ReportBrowserTests: XCTestCase {
    /// The browser, or a skip (a failure under CI=true, where the test command installs it).
    func browser() throws -> String {
        for p in ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"] where FileManager.default.isExecutableFile(atPath: p) {
            return p
        }
        let message = "chromium is not installed: `bash scripts/install-test-deps.sh` installs Debian's chromium for this test"
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            XCTFail(message)
            throw CLIError(message)
        }
        throw XCTSkip(message)
    }

    struct CLIError: Error, CustomStringConvertible { let description: String; init(_ d: String) { description = d } }

    /// Runs the browser headless on a page; kills it after `timeout` seconds.
    func chromium(_ browser: String, _ args: [String], profile: String, timeout: Double = 90) throws -> (out: String, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: browser)
        p.arguments = ["--headless", "--disable-gpu", "--no-sandbox", "--hide-scrollbars", "--user-data-dir=\(profile)"] + args
        let o = Pipe(), e = Pipe()
        p.standardOutput = o
        p.standardError = e
        try p.run()
        let deadline = DispatchTime.now() + timeout
        DispatchQueue.global().asyncAfter(deadline: deadline) { if p.isRunning { p.terminate() } }
        // both pipes drained at once, so a chatty stderr cannot block the browser
        let err = Drain(e.fileHandleForReading)
        let outData = o.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (String(decoding: outData, as: UTF8.self), String(decoding: err.wait(), as: UTF8.self))
    }

    /// ROI names from the sample atlas's lookup table; layer names from the activation files.
    func sampleNames() throws -> (rois: [String], layers: [String]) {
        let lut = try DelimitedTable.read(CLI.repo + "/SampleData/atlas/atlas-sample_dseg.tsv")
        let rois = try lut.rows.map { $0[try lut.columnIndex("name")] }
        var layers: [String] = []
        for net in ["netA", "netB"] {
            layers += try NPZ.read(CLI.repo + "/SampleData/activations/\(net).npz").map { "\(net):\($0.name.replacingOccurrences(of: ".npy", with: ""))" }
        }
        return (rois, layers)
    }

    func testSampleReportRendersInHeadlessChromium() throws {
        let browser = try browser()
        let out = CLI.temporaryDirectory("report-sample"), profile = CLI.temporaryDirectory("chromium-profile")
        defer { try? FileManager.default.removeItem(atPath: out); try? FileManager.default.removeItem(atPath: profile) }
        let r = try CLI.run(["run", CLI.repo + "/Pipelines/sample.yaml", "--out", out])
        XCTAssertEqual(r.status, 0, r.err + r.out)
        XCTAssertTrue(r.out.contains("report.html"), r.out)

        let subjects = ["01", "02", "03"]
        let pages = ["report.html"] + subjects.map { "report/sub-\($0).html" }
        let size = try (pages + ["report.json"]).reduce(0) { $0 + ((try FileManager.default.attributesOfItem(atPath: "\(out)/\($1)")[.size] as? Int) ?? 0) }
        XCTAssertLessThan(size, 5_000_000, "the sample report weighs \(size) bytes")
        let (rois, layers) = try sampleNames()
        XCTAssertEqual(rois.count, 8)
        XCTAssertEqual(layers.count, 6)

        let start = Date()
        for rel in pages {
            let file = "\(out)/\(rel)"
            let written = try HTMLPageCheck(path: file)
            XCTAssertEqual(written.unresolved, [], "\(rel): links or images that do not resolve")
            XCTAssertEqual(written.networkReferences, [], "\(rel): the report must work offline")
            XCTAssertFalse(written.html.contains("not drawn"), "\(rel): a figure could not be drawn")

            let (dom, log) = try chromium(browser, ["--enable-logging=stderr", "--v=0", "--dump-dom", URL(fileURLWithPath: file).absoluteString], profile: profile)
            let page = HTMLPageCheck(path: file, html: dom)
            XCTAssertTrue(dom.contains("</html>"), "\(rel): no DOM from chromium; stderr:\n\(log)")
            let console = log.split(separator: "\n").filter { $0.contains(":CONSOLE") }
            XCTAssertEqual(console, [], "\(rel): console messages")
            XCTAssertNil(page.rootAttribute("data-errors"), "\(rel): script or resource errors")
            XCTAssertEqual(page.rootAttribute("data-broken-images"), "0", "\(rel): images that did not load (or the load handler did not run)")
            let text = page.visibleText
            for name in rois + layers { XCTAssertTrue(text.contains(name), "\(rel): '\(name)' is not visible text") }
            if rel == "report.html" {
                for s in subjects { XCTAssertTrue(text.contains("sub-\(s)"), "report.html: sub-\(s) is not visible") }
                XCTAssertEqual(Set(page.fileReferences.filter { $0.hasPrefix("report/") }), Set(pages.dropFirst()), "the group page links every subject page")
            } else {
                XCTAssertTrue(text.contains("Subject \(rel.dropFirst("report/sub-".count).prefix(2))"), rel)
                XCTAssertEqual(page.all(tag: "img").count, rois.count, "\(rel): one recurrence plot per ROI")
                // the graph summary shows the global measures of `_desc-graph_global.json` (efficiency, modularity, small-worldness)
                for measure in ["global_efficiency_wei", "modularity_q", "small_world.sigma"] {
                    XCTAssertTrue(text.contains(measure), "\(rel): the graph summary does not show \(measure)")
                }
                XCTAssertFalse(text.contains("No global measures recorded"), rel)
                // the glm stage's z maps: a GLM section whose slice figures' titles, slice positions
                // and colour-bar unit are visible text
                XCTAssertTrue(page.html.contains("<h2>GLM</h2>"), "\(rel): no GLM section")
                let glmTitles = text.components(separatedBy: "GLM z map: ").count - 1
                XCTAssertTrue((1...6).contains(glmTitles), "\(rel): \(glmTitles) GLM z map titles visible")
                XCTAssertTrue(text.contains(" mm") && text.contains("z = "), "\(rel): slice positions not visible")
            }
            XCTAssertGreaterThanOrEqual(page.labelledSVGFigures, 6, "\(rel): SVG figures with text labels")
        }
        // screenshots as test artefacts (not committed)
        let artefacts = CLI.repo + "/.build/test-artifacts"
        try FileManager.default.createDirectory(atPath: artefacts, withIntermediateDirectories: true)
        for (page, shot) in [("report.html", "report.png"), ("report/sub-01.html", "report-sub-01.png")] {
            let png = "\(artefacts)/\(shot)"
            try? FileManager.default.removeItem(atPath: png)
            let (_, log) = try chromium(browser, ["--window-size=1280,2000", "--screenshot=\(png)", URL(fileURLWithPath: "\(out)/\(page)").absoluteString], profile: profile)
            let bytes = (try? FileManager.default.attributesOfItem(atPath: png)[.size] as? Int) ?? 0
            XCTAssertGreaterThan(bytes, 10_000, "no screenshot of \(page): \(log)")
        }
        print("ReportBrowserTests: report \(size) bytes in \(pages.count) pages; chromium checks and screenshots \(String(format: "%.1f", Date().timeIntervalSince(start))) s; screenshots in \(artefacts)")
    }
}

/// Reads a pipe to its end on another thread.
final class Drain: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)
    init(_ h: FileHandle) {
        DispatchQueue.global().async { self.data = h.readDataToEndOfFile(); self.done.signal() }
    }
    func wait() -> Data { done.wait(); return data }
}

extension HTMLPageCheck {
    /// Elements of a tag in the page (by their opening tags).
    func all(tag: String) -> [Substring] {
        html.components(separatedBy: "<\(tag) ").dropFirst().map { $0.prefix { $0 != ">" } }
    }
}
