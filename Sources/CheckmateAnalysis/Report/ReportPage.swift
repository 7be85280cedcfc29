/// A self-contained HTML page of headings, text, tables and pictures, as
/// one `index.html` beside the files it shows.
///
/// Rendering is a pure function of the page and of the files that exist:
/// a figure or link whose file is not among `available` is shown as a note
/// instead, so the page never links a missing file. Every text is escaped.
///
///     var page = ReportPage(title: "vgg16 at 16 GiB")
///     page.sections.append(.init(heading: "Sweep", blocks: [
///         .figure(file: "overhead.svg", caption: "Overhead against budget"),
///         .table(header: ["strategy", "batch"], rows: [["milp", "289"]]),
///     ]))
///     let html = page.rendered(available: ["overhead.svg"])
public struct ReportPage: Sendable {
    /// One piece of a section.
    public enum Block: Sendable {
        case paragraph(String)
        /// A table; `numeric` columns are right-aligned.
        case table(header: [String], rows: [[String]], numeric: Set<Int> = [])
        /// A picture (SVG or PNG) from a file next to the page.
        case figure(file: String, caption: String)
        /// Links to files next to the page, with what each holds.
        case files([(file: String, label: String)])
    }

    /// A heading and what follows it.
    public struct Section: Sendable {
        public var heading: String
        public var blocks: [Block]

        public init(heading: String, blocks: [Block]) {
            self.heading = heading
            self.blocks = blocks
        }
    }

    public var title: String
    public var sections: [Section] = []

    public init(title: String) {
        self.title = title
    }

    /// Every file the page would link if all existed.
    public var linkedFiles: [String] {
        sections.flatMap(\.blocks).flatMap { block -> [String] in
            switch block {
            case .figure(let file, _): [file]
            case .files(let files): files.map(\.file)
            case .paragraph, .table: []
            }
        }
    }

    /// The page, linking only files in `available` (paths relative to the page).
    public func rendered(available: Set<String>) -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>\(Self.escape(title))</title>
            <style>
            body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; margin: 2em auto; max-width: 64em; color: #222; padding: 0 1em; }
            h1 { font-size: 1.6em; } h2 { font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid #ddd; }
            table { border-collapse: collapse; margin: 1em 0; font-size: 0.92em; }
            th, td { border: 1px solid #ccc; padding: 0.3em 0.7em; text-align: left; }
            th { background: #f3f3f3; } td.number { text-align: right; font-variant-numeric: tabular-nums; }
            figure { margin: 1em 0; } figure img { max-width: 100%; border: 1px solid #eee; }
            figcaption { color: #555; font-size: 0.9em; } .missing { color: #a00; }
            </style>
            </head>
            <body>
            <h1>\(Self.escape(title))</h1>

            """
        for section in sections {
            html += "<h2>\(Self.escape(section.heading))</h2>\n"
            for block in section.blocks { html += Self.render(block, available: available) }
        }
        return html + "</body>\n</html>\n"
    }

    static func render(_ block: Block, available: Set<String>) -> String {
        switch block {
        case .paragraph(let text):
            return "<p>\(escape(text))</p>\n"
        case .table(let header, let rows, let numeric):
            let head = header.map { "<th>\(escape($0))</th>" }.joined()
            let body = rows.map { row in
                "<tr>" + row.enumerated().map { column, cell in
                    numeric.contains(column) ? "<td class=\"number\">\(escape(cell))</td>" : "<td>\(escape(cell))</td>"
                }.joined() + "</tr>"
            }.joined(separator: "\n")
            return "<table>\n<thead><tr>\(head)</tr></thead>\n<tbody>\n\(body)\n</tbody>\n</table>\n"
        case .figure(let file, let caption):
            guard available.contains(file) else {
                return "<p class=\"missing\">\(escape(caption)): not available (\(escape(file)) was not written).</p>\n"
            }
            return """
                <figure><a href="\(escape(file))"><img src="\(escape(file))" alt="\(escape(caption))"></a>
                <figcaption>\(escape(caption))</figcaption></figure>

                """
        case .files(let files):
            let items = files.map { file, label in
                available.contains(file)
                    ? "<li><a href=\"\(escape(file))\">\(escape(file))</a>: \(escape(label))</li>"
                    : "<li class=\"missing\">\(escape(file)): \(escape(label)) (not written)</li>"
            }
            return "<ul>\n\(items.joined(separator: "\n"))\n</ul>\n"
        }
    }

    /// `text` safe for HTML text and quoted attribute values.
    static func escape(_ text: String) -> String {
        SVGDocument.escape(text)
    }
}
