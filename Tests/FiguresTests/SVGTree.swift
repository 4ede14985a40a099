import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// An SVG document parsed with XMLParser (so the tests also prove the output is well-formed
/// XML): every element with its attributes and text, in document order.
final class SVGTree: NSObject, XMLParserDelegate {
    struct Element {
        var name: String
        var attributes: [String: String]
        var text: String
        var classes: [String] { (attributes["class"] ?? "").split(separator: " ").map(String.init) }
    }

    private(set) var elements: [Element] = []
    private var open: [Int] = []
    private var failure: Error?

    static func parse(_ svg: String) throws -> SVGTree {
        let tree = SVGTree()
        let p = XMLParser(data: Data(svg.utf8))
        p.delegate = tree
        guard p.parse() else { throw p.parserError ?? tree.failure ?? NSError(domain: "SVGTree", code: 1) }
        return tree
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
        elements.append(Element(name: name, attributes: attributes, text: ""))
        open.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let i = open.last { elements[i].text += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) { open.removeLast() }

    func parser(_ parser: XMLParser, parseErrorOccurred error: Error) { failure = error }

    func all(_ name: String, class c: String? = nil) -> [Element] {
        elements.filter { $0.name == name && (c == nil || $0.classes.contains(c!)) }
    }

    func texts(class c: String) -> [String] { all("text", class: c).map(\.text) }
}
