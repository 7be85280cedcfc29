import CheckmateTestSupport
import Checkmate
import Foundation
import Synchronization
import Testing
@testable import CheckmateAnalysis

@Suite struct SweepRecorderTests {
    static let graph = BudgetSweepTests.graph

    func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("checkmate-sweep-\(UUID().uuidString)")
    }

    func csvRows(_ directory: URL) throws -> [[String]] {
        let text = try String(contentsOf: directory.appendingPathComponent("sweep.csv"), encoding: .utf8)
        return text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    func jsonRoot(_ directory: URL) throws -> [String: Any] {
        let data = try Data(contentsOf: directory.appendingPathComponent("sweep.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func keepsEveryRowAlreadyDoneWhenStoppedEarly() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let sweep = BudgetSweep(graph: Self.graph, strategies: BudgetSweepTests.strategies,
                                budgets: BudgetSweepTests.budgets, workers: 1)
        let recorder = try SweepRecorder(directory: directory, graph: Self.graph, table: sweep.emptyTable)
        #expect(try csvRows(directory) == [SweepRow.columns])
        let full = sweep.run()
        for row in full.rows.prefix(3) {
            let solution = row.status == .ok
                ? try RetainEvery(stride: row.strategy == "retain-every-1" ? 1 : 3).solve(Self.graph, budget: row.budget)
                : nil
            try recorder.record(row, solution: solution)
        }
        // Before finishing, as after Ctrl-C: three rows in both files.
        #expect(try csvRows(directory).count == 4)
        let partial = try jsonRoot(directory)
        #expect((partial["rows"] as? [Any])?.count == 3)
        #expect(partial["complete"] as? Bool == false)
        let (table, files) = try recorder.finish()
        #expect(table.rows == Array(full.rows.prefix(3)))
        #expect(Set(files).isSuperset(of: ["sweep.csv", "sweep.json", "overhead.svg"]))
        // Rows after the end are ignored, and a second finish writes nothing.
        try recorder.record(full.rows[3], solution: nil)
        #expect(try recorder.finish().files.isEmpty)
        #expect(try csvRows(directory).count == 4)
        for file in files { #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent(file).path)) }
    }

    @Test func filesHoldOneRowPerCaseWithTheTableValues() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let sweep = BudgetSweep(graph: Self.graph, strategies: BudgetSweepTests.strategies,
                                budgets: BudgetSweepTests.budgets, workers: 2)
        let recorder = try SweepRecorder(directory: directory, graph: Self.graph, table: sweep.emptyTable)
        let lines = Mutex<[String]>([])
        let (table, files) = try sweep.run(recordingWith: recorder, monitor: SweepMonitor(sweep)) { line in
            lines.withLock { $0.append(line) }
        }
        #expect(table.isComplete)
        #expect(files.contains("schedule.svg"))
        let log = lines.withLock { $0 }
        #expect(log.count == table.rows.count)
        #expect(log.last?.hasPrefix("sweep \(table.rows.count)/\(table.rows.count) | done ") == true)

        let csv = try csvRows(directory)
        #expect(csv[0] == ["strategy", "budget", "peak", "cost", "overhead", "bound", "optimal", "seconds", "status",
                           "stageFormBound", "optimalWithin"])
        #expect(csv.count == 1 + table.rows.count)
        for (line, row) in zip(csv.dropFirst(), table.rows) {
            #expect(line[0] == row.strategy && Int(line[1]) == row.budget && Int(line[2]) == row.peak)
            #expect(Double(line[3]) == row.cost && Double(line[4]) == row.overhead && Double(line[5]) == row.bound)
            #expect(line[6] == String(row.optimal) && Double(line[7]) == row.seconds && line[8] == row.status.rawValue)
            #expect(Double(line[9]) == row.stageFormBound && line[10] == (row.optimalWithin?.rawValue ?? ""))
        }

        let root = try jsonRoot(directory)
        #expect(root["format"] as? String == "checkmate-sweep")
        #expect(root["complete"] as? Bool == true)
        let rows = try #require(root["rows"] as? [[String: Any]])
        #expect(rows.count == table.rows.count)
        for (object, row) in zip(rows, table.rows) {
            #expect(Set(object.keys) == Set(SweepRow.columns))
            #expect(object["strategy"] as? String == row.strategy && object["budget"] as? Int == row.budget)
            #expect(object["peak"] as? Int == row.peak && object["status"] as? String == row.status.rawValue)
            #expect((object["cost"] as? NSNumber)?.doubleValue == row.cost)
            #expect((object["bound"] as? NSNumber)?.doubleValue == row.bound)
            if row.peak == nil { #expect(object["peak"] is NSNull) }
        }

        // Every schedule file replays to its row.
        for row in table.rows where row.status == .ok {
            let url = directory.appendingPathComponent(SweepRecorder.scheduleFile(strategy: row.strategy, budget: row.budget))
            let file = try ScheduleFile(json: Data(contentsOf: url), graph: Self.graph)
            let replay = try Self.graph.replay(file.schedule)
            #expect(replay.peakMemory == row.peak && replay.cost == row.cost && file.budget == row.budget)
        }
        let plot = try String(contentsOf: directory.appendingPathComponent("overhead.svg"), encoding: .utf8)
        #expect(SVGInspector(plot)?.count(class: "series") == BudgetSweepTests.strategies.count)
        let picture = try String(contentsOf: directory.appendingPathComponent("schedule.svg"), encoding: .utf8)
        #expect(SVGInspector(picture)?.count(class: "stage-grid") == 1)
    }

    @Test func theScheduleDrawnIsTheCheapestAtTheSmallestBudget() throws {
        func row(_ budget: Int, cost: Double?, optimal: Bool = false) -> SweepRow {
            var row = SweepRow(strategy: "s", budget: budget, error: .doesNotFit(strategy: "s", budget: budget, leastPeak: nil),
                               seconds: 0)
            if let cost { (row.cost, row.status, row.optimal) = (cost, .ok, optimal) }
            return row
        }
        let order = SweepTable(graph: Self.graph, strategies: ["t", "s"], budgets: [5, 6])
        #expect(order.isBetterPicture(row(5, cost: 9), than: row(6, cost: 1)))
        #expect(order.isBetterPicture(row(5, cost: 2), than: row(5, cost: 3)))
        #expect(order.isBetterPicture(row(5, cost: 2, optimal: true), than: row(5, cost: 2)))
        #expect(!order.isBetterPicture(row(5, cost: 2), than: row(5, cost: 2)))
        var first = row(5, cost: 2)
        first.strategy = "t"
        #expect(order.isBetterPicture(first, than: row(5, cost: 2)))
        var table = SweepTable(graph: Self.graph, strategies: ["s", "t"], budgets: [4, 5, 6])
        table.insert(row(4, cost: nil))
        table.insert(row(6, cost: 1))
        var cheaper = row(5, cost: 2)
        cheaper.strategy = "t"
        table.insert(cheaper)
        table.insert(row(5, cost: 3))
        #expect(table.pictureRow == cheaper)
    }

    @Test func unwritableDirectoryIsAnError() {
        #expect(throws: SweepOutputError.self) {
            try SweepRecorder(directory: URL(fileURLWithPath: "/proc/no-such-place/sweep"), graph: Self.graph,
                              table: SweepTable(graph: Self.graph, strategies: [], budgets: []))
        }
    }
}
