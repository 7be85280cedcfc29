import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Parses an SVG document as XML and counts what it holds, for tests.
public final class SVGInspector: NSObject, XMLParserDelegate {
    public private(set) var elements: [String: Int] = [:]
    public private(set) var classes: [String: Int] = [:]
    public private(set) var texts: [String] = []
    public private(set) var attributes: [[String: String]] = []
    private var currentText = ""

    /// Nil when `svg` is not well-formed XML with an `<svg>` root.
    public init?(_ svg: String) {
        super.init()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = self
        guard parser.parse(), elements["svg"] == 1 else { return nil }
    }

    public func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        elements[name, default: 0] += 1
        if let name = attributes["class"] { classes[name, default: 0] += 1 }
        self.attributes.append(attributes.merging(["element": name]) { old, _ in old })
        currentText = ""
    }

    public func parser(_ parser: XMLParser, foundCharacters string: String) {
        currentText += string
    }

    public func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "text" || name == "title" { texts.append(currentText) }
        currentText = ""
    }

    public func count(class name: String) -> Int { classes[name] ?? 0 }
    public func count(element name: String) -> Int { elements[name] ?? 0 }
}
