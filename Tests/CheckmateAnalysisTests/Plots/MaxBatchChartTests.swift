import CheckmateTestSupport
import Testing
@testable import CheckmateAnalysis

/// `MaxBatchTable.chart`: the paper's Figure 6 from several models' largest batches.
@Suite struct MaxBatchChartTests {
    static let strategies = ["checkpoint-all", "chen-sqrtn", "chen-greedy"]

    /// vgg19 fits everywhere, unet fits nothing with checkpoint-all, and
    /// segnet has no chen-greedy result.
    static var table: MaxBatchTable {
        var table = MaxBatchTable(memory: 16 << 30, conditions: "FLOP costs, sgd optimizer", strategies: strategies)
        table.append(model: "vgg19", batches: [238, 290, 308])
        table.append(model: "unet", batches: [0, 23, 26])
        table.append(model: "segnet", batches: [13, 16, nil])
        return table
    }

    /// Each bar's height by (model, strategy), read from the `bar-group` around each `bar`.
    static func heights(_ inspector: SVGInspector) -> [String: Double] {
        var heights: [String: Double] = [:]
        var current: String?
        for attributes in inspector.attributes {
            if attributes["class"] == "bar-group", let group = attributes["data-group"], let series = attributes["data-series"] {
                current = "\(group) \(series)"
            } else if attributes["class"] == "bar", let current, let height = attributes["height"].flatMap(Double.init) {
                heights[current] = height
            }
        }
        return heights
    }

    @Test func drawsOneBarPerModelAndStrategyInTheDataOrder() throws {
        let table = Self.table
        let inspector = try #require(SVGInspector(table.chart().svg()))
        #expect(inspector.count(class: "title") == 1)
        #expect(inspector.texts.contains("Largest batch in 16.0 GiB, FLOP costs, sgd optimizer"))
        #expect(inspector.texts.contains("batch size"))
        for name in Self.strategies {
            #expect(inspector.texts.filter { $0 == name }.count == 1, "one legend entry for \(name)")
        }
        for model in table.models { #expect(inspector.texts.contains(model)) }
        // Eight results, the zero among them as a bar of no height; the missing one as a dash.
        #expect(inspector.count(class: "bar") == 8)
        #expect(inspector.count(class: "missing") == 1)
        let heights = Self.heights(inspector)
        // Int? values: a model a strategy cannot fit stays in the dictionary as nil.
        var values: [String: Int?] = [:]
        for (model, row) in zip(table.models, table.batches) {
            for (strategy, batch) in zip(table.strategies, row) { values["\(model) \(strategy)"] = .some(batch) }
        }
        #expect(Set(heights.keys) == Set(values.compactMap { $0.value == nil ? nil : $0.key }))
        #expect(heights["unet checkpoint-all"] == 0)
        for (a, height) in heights {
            for (b, other) in heights {
                let (x, y) = (try #require(values[a] ?? nil), try #require(values[b] ?? nil))
                if x < y { #expect(height < other, "\(a) below \(b)") }
                if x == y { #expect(height == other, "\(a) as high as \(b)") }
            }
        }
        for label in ["238", "308", "0", "16"] { #expect(inspector.texts.contains(label)) }
    }

    @Test func relativeChartDividesByTheReferenceAndKeepsTheBatchAsLabel() throws {
        let chart = Self.table.chart(relativeTo: "checkpoint-all")
        #expect(chart.values[0].map { $0.map { ($0 * 1000).rounded() / 1000 } } == [1, 1.218, 1.294])
        // unet's reference fits nothing: no ratio at all.
        #expect(chart.values[1] == [nil, nil, nil])
        #expect(chart.values[2] == [1, 16.0 / 13, nil])
        let inspector = try #require(SVGInspector(chart.svg()))
        #expect(inspector.count(class: "bar") == 5)
        #expect(inspector.count(class: "missing") == 4)
        #expect(inspector.texts.contains("batch size / checkpoint-all batch size"))
        for label in ["238", "290", "308", "13", "16"] { #expect(inspector.texts.contains(label)) }
        let heights = Self.heights(inspector)
        #expect(heights["vgg19 checkpoint-all"] == heights["segnet checkpoint-all"])
        #expect(try #require(heights["vgg19 chen-sqrtn"]) < #require(heights["segnet chen-sqrtn"]))
    }

    @Test func anEmptyTableDrawsAnEmptyChart() throws {
        let table = MaxBatchTable(memory: 1 << 30, strategies: Self.strategies)
        let inspector = try #require(SVGInspector(table.chart().svg()))
        #expect(inspector.count(class: "bar") == 0)
        #expect(inspector.texts.contains("Largest batch in 1.0 GiB"))
    }
}
