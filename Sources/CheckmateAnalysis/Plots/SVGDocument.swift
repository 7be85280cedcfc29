/// An SVG picture under construction: elements appended in drawing order,
/// rendered as one standalone document that any browser opens.
///
/// Every text and attribute value passes through ``escape(_:)``, so names
/// from graph files (`<`, `&`, quotes, control characters) cannot break the
/// XML. Coordinates are user units with the origin at the top left.
///
///     var document = SVGDocument(width: 200, height: 100)
///     document.rect(x: 0, y: 0, width: 200, height: 100, fill: "white")
///     document.text("peak < budget", x: 100, y: 50, anchor: .middle)
///     let svg = document.rendered()
public struct SVGDocument: Sendable {
    /// Where a text's `x` lies along it.
    public enum TextAnchor: String, Sendable {
        case start, middle, end
    }

    public let width: Double
    public let height: Double
    private var elements: [String] = []

    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// The whole document, XML declaration included.
    public func rendered() -> String {
        let size = "width=\"\(Self.number(width))\" height=\"\(Self.number(height))\""
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" \(size) viewBox="0 0 \(Self.number(width)) \(Self.number(height))" \
            font-family="DejaVu Sans, Helvetica, Arial, sans-serif">
            \(elements.joined(separator: "\n"))
            </svg>

            """
    }

    /// Appends an element; `attributes` are escaped, `content` is escaped text.
    public mutating func element(_ name: String, _ attributes: [(String, String)], content: String? = nil) {
        let attributeText = attributes.map { " \($0.0)=\"\(Self.escape($0.1))\"" }.joined()
        if let content {
            elements.append("<\(name)\(attributeText)>\(Self.escape(content))</\(name)>")
        } else {
            elements.append("<\(name)\(attributeText)/>")
        }
    }

    /// Opens a `<g>` group; every element until the matching ``endGroup()`` belongs to it.
    public mutating func beginGroup(class name: String? = nil, _ attributes: [(String, String)] = []) {
        let all = (name.map { [("class", $0)] } ?? []) + attributes
        elements.append("<g" + all.map { " \($0.0)=\"\(Self.escape($0.1))\"" }.joined() + ">")
    }

    public mutating func endGroup() {
        elements.append("</g>")
    }

    /// Appends a `<title>`: the tooltip of the enclosing group in a browser.
    public mutating func tooltip(_ text: String) {
        element("title", [], content: text)
    }

    public mutating func rect(
        x: Double, y: Double, width: Double, height: Double, fill: String,
        stroke: String? = nil, class name: String? = nil, opacity: Double? = nil
    ) {
        var attributes = [("x", Self.number(x)), ("y", Self.number(y)),
                          ("width", Self.number(width)), ("height", Self.number(height)), ("fill", fill)]
        if let stroke { attributes.append(("stroke", stroke)) }
        if let opacity { attributes.append(("fill-opacity", Self.number(opacity))) }
        if let name { attributes.append(("class", name)) }
        element("rect", attributes)
    }

    public mutating func line(
        x1: Double, y1: Double, x2: Double, y2: Double, stroke: String,
        width: Double = 1, dash: String? = nil, class name: String? = nil
    ) {
        var attributes = [("x1", Self.number(x1)), ("y1", Self.number(y1)), ("x2", Self.number(x2)),
                          ("y2", Self.number(y2)), ("stroke", stroke), ("stroke-width", Self.number(width))]
        if let dash { attributes.append(("stroke-dasharray", dash)) }
        if let name { attributes.append(("class", name)) }
        element("line", attributes)
    }

    /// An open line through `points`.
    public mutating func polyline(
        _ points: [(x: Double, y: Double)], stroke: String, width: Double = 2,
        dash: String? = nil, class name: String? = nil
    ) {
        var attributes = [("points", Self.pointList(points)), ("fill", "none"), ("stroke", stroke),
                          ("stroke-width", Self.number(width)), ("stroke-linejoin", "round")]
        if let dash { attributes.append(("stroke-dasharray", dash)) }
        if let name { attributes.append(("class", name)) }
        element("polyline", attributes)
    }

    /// A closed, filled shape through `points`.
    public mutating func polygon(
        _ points: [(x: Double, y: Double)], fill: String, opacity: Double = 1, class name: String? = nil
    ) {
        var attributes = [("points", Self.pointList(points)), ("fill", fill), ("fill-opacity", Self.number(opacity))]
        if let name { attributes.append(("class", name)) }
        element("polygon", attributes)
    }

    public mutating func circle(x: Double, y: Double, radius: Double, fill: String, class name: String? = nil) {
        var attributes = [("cx", Self.number(x)), ("cy", Self.number(y)), ("r", Self.number(radius)), ("fill", fill)]
        if let name { attributes.append(("class", name)) }
        element("circle", attributes)
    }

    /// A line of text whose baseline starts, centres or ends at (`x`, `y`);
    /// `rotation` turns it clockwise by degrees around that point.
    public mutating func text(
        _ text: String, x: Double, y: Double, anchor: TextAnchor = .start, size: Double = 12,
        bold: Bool = false, rotation: Double? = nil, fill: String = "#222", class name: String? = nil
    ) {
        var attributes = [("x", Self.number(x)), ("y", Self.number(y)), ("font-size", Self.number(size)),
                          ("text-anchor", anchor.rawValue), ("fill", fill)]
        if bold { attributes.append(("font-weight", "bold")) }
        if let rotation {
            attributes.append(("transform", "rotate(\(Self.number(rotation)) \(Self.number(x)) \(Self.number(y)))"))
        }
        if let name { attributes.append(("class", name)) }
        element("text", attributes, content: text)
    }

    /// `text` made safe for XML character data and attribute values: markup
    /// characters become entities and characters XML 1.0 forbids are dropped.
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                let value = scalar.value
                let allowed = (0x20...0xD7FF).contains(value) || (0xE000...0xFFFD).contains(value)
                    || (0x10000...0x10FFFF).contains(value)
                if allowed { result.unicodeScalars.append(scalar) }
            }
        }
        return result
    }

    /// A coordinate with at most two decimals and no trailing zeros.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let hundredths = (value * 100).rounded()
        if hundredths == 0 { return "0" }
        let whole = Int64(hundredths / 100)
        let fraction = Int64(abs(hundredths.truncatingRemainder(dividingBy: 100)))
        let sign = hundredths < 0 && whole == 0 ? "-" : ""
        if fraction == 0 { return "\(sign)\(whole)" }
        let digits = fraction < 10 ? "0\(fraction)" : "\(fraction)"
        return "\(sign)\(whole).\(digits.hasSuffix("0") ? String(digits.dropLast()) : digits)"
    }

    private static func pointList(_ points: [(x: Double, y: Double)]) -> String {
        points.map { "\(number($0.x)),\(number($0.y))" }.joined(separator: " ")
    }
}
