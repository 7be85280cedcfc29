import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Parses an SVG document as XML and counts what it holds, for tests.
final class SVGInspector: NSObject, XMLParserDelegate {
    private(set) var elements: [String: Int] = [:]
    private(set) var classes: [String: Int] = [:]
    private(set) var texts: [String] = []
    private(set) var attributes: [[String: String]] = []
    private var currentText = ""

    /// Nil when `svg` is not well-formed XML with an `<svg>` root.
    init?(_ svg: String) {
        super.init()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = self
        guard parser.parse(), elements["svg"] == 1 else { return nil }
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        elements[name, default: 0] += 1
        if let name = attributes["class"] { classes[name, default: 0] += 1 }
        self.attributes.append(attributes.merging(["element": name]) { old, _ in old })
        currentText = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        currentText += string
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "text" || name == "title" { texts.append(currentText) }
        currentText = ""
    }

    func count(class name: String) -> Int { classes[name] ?? 0 }
    func count(element name: String) -> Int { elements[name] ?? 0 }
}
