import CheckmateTestSupport
@testable import checkmate
import Checkmate
import CheckmateCatalog
import CheckmateAnalysis
import Foundation
import Testing

/// `checkmate sweep`, `plot schedule` and `report`, run as separate processes.
@Suite struct SweepCommandTests {
    static let strategies = ["chen-greedy", "chen-sqrtn", "griewank", "checkpoint-all", "checkpoint-last"]

    @Test func sweepWritesOneRowPerCaseEqualToSolve() throws {
        let scratch = try CommandRunner.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let result = try CommandRunner.run(["sweep", "examples/chain8.json", "--strategies", Self.strategies.joined(separator: ","),
                                            "--budgets", "30%:100%:8", "--output", scratch.path, "--jobs", "2"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("sweep 40/40"))
        let graph = try TrainingGraph(json: Data(contentsOf: CommandRunner.packageRoot.appendingPathComponent("examples/chain8.json")))
        let budgets = try BudgetSpec(parsing: "30%:100%:8").budgets(reference: CheckpointAll().peakMemory(of: graph))
        #expect(budgets.count == 8)

        let lines = try String(contentsOf: scratch.appendingPathComponent("sweep.csv"), encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(lines[0] == SweepRow.columns)
        #expect(lines.count == 1 + Self.strategies.count * budgets.count)
        for line in lines.dropFirst() {
            let strategy = try #require(StrategyCatalog.strategy(named: line[0]))
            let budget = try #require(Int(line[1]))
            #expect(budgets.contains(budget))
            switch Result(catching: { () throws(StrategyError) in try strategy.solve(graph, budget: budget) }) {
            case .success(let alone):
                #expect(line[8] == "ok" && Int(line[2]) == alone.replay.peakMemory && Double(line[3]) == alone.replay.cost)
                #expect(Double(line[5]) == alone.costLowerBound && line[6] == String(alone.isOptimal))
            case .failure(let error):
                #expect(line[8] != "ok" && line[2].isEmpty, "\(error)")
            }
        }
        let json = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: scratch.appendingPathComponent("sweep.json"))) as? [String: Any])
        #expect((json["rows"] as? [Any])?.count == Self.strategies.count * budgets.count)
        #expect(json["complete"] as? Bool == true)

        let overhead = try #require(SVGInspector(String(contentsOf: scratch.appendingPathComponent("overhead.svg"), encoding: .utf8)))
        #expect(overhead.count(class: "series") == Self.strategies.count)
        #expect(overhead.count(class: "point") == lines.filter { $0[8] == "ok" }.count)
        #expect(overhead.texts.contains("chain8: overhead against memory budget"))
        #expect(SVGInspector(try String(contentsOf: scratch.appendingPathComponent("schedule.svg"), encoding: .utf8)) != nil)
    }

    /// A case run alone through `checkmate solve` gives the sweep's row.
    @Test func sweepRowMatchesSolveOnTheCommandLine() throws {
        let scratch = try CommandRunner.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let sweep = try CommandRunner.run(["sweep", "random:30:4", "--strategies", "chen-greedy", "--budgets", "80%",
                                           "--output", scratch.path])
        #expect(sweep.status == 0, "\(sweep.stderr)")
        let solve = try CommandRunner.run(["solve", "random:30:4", "--strategy", "chen-greedy", "--budget", "80%", "--json"])
        #expect(solve.status == 0, "\(solve.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(solve.stdout.utf8)) as? [String: Any])
        let row = try String(contentsOf: scratch.appendingPathComponent("sweep.csv"), encoding: .utf8)
            .split(separator: "\n")[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        #expect(Int(row[1]) == summary["budget"] as? Int)
        #expect(Int(row[2]) == summary["peakMemory"] as? Int)
        #expect(Double(row[3]) == (summary["cost"] as? NSNumber)?.doubleValue)
    }

    @Test func sweepRejectsBadInput() throws {
        let bad = try CommandRunner.run(["sweep", "examples/chain8.json", "--budgets", "30%:100%", "--output", "/tmp/unused"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("budgets '30%:100%'"))
        let unknown = try CommandRunner.run(["sweep", "examples/chain8.json", "--strategies", "nope", "--output", "/tmp/unused"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown strategy 'nope'"))
        let missing = try CommandRunner.run(["sweep", "no-such-graph.json", "--output", "/tmp/unused"])
        #expect(missing.status == 1)
    }

    @Test func plotScheduleDrawsASolvedSchedule() throws {
        let scratch = try CommandRunner.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let schedule = scratch.appendingPathComponent("schedule.json").path
        let picture = scratch.appendingPathComponent("schedule.svg").path
        let solve = try CommandRunner.run(["solve", "examples/chain8.json", "--strategy", "griewank", "--budget", "60%",
                                           "--output", schedule])
        #expect(solve.status == 0, "\(solve.stderr)")
        let plot = try CommandRunner.run(["plot", "schedule", "examples/chain8.json", schedule, "--output", picture])
        #expect(plot.status == 0, "\(plot.stderr)")
        let inspector = try #require(SVGInspector(try String(contentsOfFile: picture, encoding: .utf8)))
        #expect(inspector.count(class: "stage-grid") == 1)
        #expect(inspector.count(class: "series") == 1)
        #expect(inspector.count(class: "reference") == 1)
        #expect(inspector.texts.contains("chain8: griewank schedule at 6 B (peak 6 B, overhead 1.24x)"))

        // A schedule for another graph does not replay: bad input, exit 2.
        let other = try CommandRunner.run(["plot", "schedule", "chain:3", schedule, "--output", picture])
        #expect(other.status == 2)
        #expect(other.stderr.contains(schedule))
    }

    @Test func reportLinksOnlyFilesThatExist() throws {
        let scratch = try CommandRunner.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let result = try CommandRunner.run(["report", "vgg16", "--memory", "16GiB", "--strategies", "chen-greedy,checkpoint-all",
                                            "--budgets", "60%:100%:3", "--output", scratch.path])
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOf: scratch.appendingPathComponent("index.html"), encoding: .utf8)
        let links = links(in: html)
        #expect(Set(links).isSuperset(of: ["maxbatch.svg", "overhead.svg", "schedule.svg", "sweep.csv", "sweep.json"]))
        for link in links {
            #expect(FileManager.default.fileExists(atPath: scratch.appendingPathComponent(link).path), "\(link)")
        }
        for text in ["vgg16: training in 16.0 GiB", "138,357,544", "memory lower bound", "largest batch"] {
            #expect(html.contains(text), "\(text)")
        }
        let chart = try #require(SVGInspector(try String(contentsOf: scratch.appendingPathComponent("maxbatch.svg"), encoding: .utf8)))
        #expect(chart.count(class: "bar") == 2)
    }
}
