import CheckmateTestSupport
import Testing
@testable import CheckmateAnalysis

@Suite struct SVGDocumentTests {
    @Test func escapesMarkupAndDropsForbiddenCharacters() {
        #expect(SVGDocument.escape("a<b & \"c\" 'd'>") == "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;")
        #expect(SVGDocument.escape("x\u{0}\u{1B}y\tz") == "xy\tz")
        #expect(SVGDocument.escape("Σ ✓") == "Σ ✓")
    }

    @Test func hostileNamesStayWellFormed() throws {
        var document = SVGDocument(width: 100, height: 50)
        let name = "</text><script>alert(\"x\")</script> & \u{7} ]]>"
        document.text(name, x: 1, y: 2)
        document.beginGroup(class: "series", [("data-name", name)])
        document.rect(x: 0, y: 0, width: 1, height: 1, fill: "red")
        document.endGroup()
        let inspector = try #require(SVGInspector(document.rendered()))
        #expect(inspector.count(element: "script") == 0)
        #expect(inspector.texts == ["</text><script>alert(\"x\")</script> &  ]]>"])
        #expect(inspector.attributes.contains { $0["data-name"] == "</text><script>alert(\"x\")</script> &  ]]>" })
    }

    @Test func numbersHaveAtMostTwoDecimals() {
        #expect(SVGDocument.number(12) == "12")
        #expect(SVGDocument.number(1.5) == "1.5")
        #expect(SVGDocument.number(1.005) == "1" || SVGDocument.number(1.005) == "1.01")
        #expect(SVGDocument.number(-0.25) == "-0.25")
        #expect(SVGDocument.number(-3.07) == "-3.07")
        #expect(SVGDocument.number(0.001) == "0")
        #expect(SVGDocument.number(.nan) == "0")
    }
}
