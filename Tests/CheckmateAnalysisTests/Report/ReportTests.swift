import Checkmate
import Foundation
import CheckmateTestSupport
import Testing
@testable import CheckmateAnalysis

@Suite struct ReportTests {
    @Test func pageLinksOnlyAvailableFilesAndEscapesText() {
        var page = ReportPage(title: "a <b> & c")
        page.sections = [.init(heading: "One", blocks: [
            .figure(file: "here.svg", caption: "here"),
            .figure(file: "gone.svg", caption: "gone"),
            .files([("here.svg", "x"), ("gone.csv", "y")]),
            .table(header: ["k", "v"], rows: [["<script>", "1"]], numeric: [1]),
        ])]
        let html = page.rendered(available: ["here.svg"])
        #expect(Set(links(in: html)) == ["here.svg"])
        #expect(page.linkedFiles == ["here.svg", "gone.svg", "here.svg", "gone.csv"])
        #expect(html.contains("<title>a &lt;b&gt; &amp; c</title>"))
        #expect(html.contains("<td>&lt;script&gt;</td><td class=\"number\">1</td>"))
        #expect(!html.contains("<script>"))
        #expect(html.contains("gone: not available"))
    }

    @Test func modelReportWritesEveryFileItLinks() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("checkmate-report-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = ModelReport.Model(name: "toy", summary: "a chain whose outputs grow with the batch",
                                      parameterCount: 42) { batch throws(MaxBatchError) in
            TrainingGraph.chain(length: 6, memory: batch)
        }
        let strategies: [any Strategy] = [RetainEvery(stride: 1), RetainEvery(stride: 3), NeverApplies()]
        let report = ModelReport(
            model: model, memory: 400, strategies: strategies, reference: RetainEvery(stride: 1),
            budgets: BudgetSpec(.range(lower: .shareOfCheckpointAll(0.4), upper: .shareOfCheckpointAll(1), count: 4)), cap: .overhead(10), workers: 2)
        let files = try report.write(to: directory)
        for file in files {
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent(file).path), "\(file)")
        }
        let html = try String(contentsOf: directory.appendingPathComponent("index.html"), encoding: .utf8)
        let links = links(in: html)
        #expect(Set(links).isSuperset(of: ["overhead.svg", "maxbatch.svg", "schedule.svg", "sweep.csv", "sweep.json"]))
        for link in links {
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent(link).path), "\(link)")
        }
        // The max-batch numbers are the search's.
        for strategy in strategies.prefix(2) {
            let alone = try MaxBatchSearch(memory: 400, strategy: strategy, cap: .overhead(10)).run(model.graph)
            let batch = try #require(alone?.batch)
            #expect(html.contains("<tr><td>\(strategy.name)</td><td class=\"number\">\(batch)</td>"))
        }
        #expect(html.contains("<tr><td>never</td><td class=\"number\">failed: never does not apply to this graph: test</td>"))
        let chart = try String(contentsOf: directory.appendingPathComponent("maxbatch.svg"), encoding: .utf8)
        let inspector = try #require(SVGInspector(chart))
        #expect(inspector.count(class: "bar") == 2 && inspector.count(class: "missing") == 1)
        let rows = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: directory.appendingPathComponent("sweep.json"))) as? [String: Any])["rows"] as? [Any]
        #expect(rows?.count == strategies.count * 4)
    }

    @Test func defaultBudgetsRunFromTheMemoryLowerBoundToTheReferencePeak() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("checkmate-report-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = ModelReport.Model(name: "toy", summary: "", parameterCount: nil) { batch throws(MaxBatchError) in
            TrainingGraph.chain(length: 8, memory: batch)
        }
        let report = ModelReport(model: model, memory: 100, strategies: [RetainEvery(stride: 1), RetainEvery(stride: 2)],
                                 reference: RetainEvery(stride: 1), batch: 3)
        try report.write(to: directory)
        let root = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: directory.appendingPathComponent("sweep.json"))) as? [String: Any])
        let graph = TrainingGraph.chain(length: 8, memory: 3)
        let peak = try RetainEvery(stride: 1).solve(graph, budget: .max).replay.peakMemory
        let budgets = try #require(root["budgets"] as? [Int])
        #expect(budgets.first == graph.memoryLowerBound && budgets.last == peak && budgets.count == 8)
    }

    @Test func nothingFitsIsItsOwnError() {
        let model = ModelReport.Model(name: "huge", summary: "", parameterCount: nil) { batch throws(MaxBatchError) in
            TrainingGraph.chain(length: 3, memory: 1000 * batch)
        }
        let report = ModelReport(model: model, memory: 10, strategies: [RetainEvery(stride: 1)],
                                 reference: RetainEvery(stride: 1))
        #expect {
            try report.write(to: FileManager.default.temporaryDirectory.appendingPathComponent("unused-\(UUID().uuidString)"))
        } throws: { error in
            if case ReportError.nothingFits = error { true } else { false }
        }
    }
}
