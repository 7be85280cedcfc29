import CheckmateTestSupport
import Checkmate
import Foundation
import Testing

/// The `checkmate` command line, run as a separate process.
@Suite struct CommandTests {
    @Test func helpExplainsEveryCommand() throws {
        let root = try CommandRunner.run(["--help"])
        #expect(root.status == 0)
        for command in ["solve", "simulate", "strategies", "benchmark"] { #expect(root.stdout.contains(command)) }
        let solve = try CommandRunner.run(["solve", "--help"])
        #expect(solve.status == 0)
        for text in ["--strategy", "--budget", "--output", "12GiB", "60%", "Exit status", "examples/chain8.json"] {
            #expect(solve.stdout.contains(text), "solve --help mentions \(text)")
        }
        #expect(try CommandRunner.run(["simulate", "--help"]).status == 0)
        #expect(try CommandRunner.run(["benchmark", "replay", "--help"]).status == 0)
    }

    @Test func strategiesListsOneLineEach() throws {
        let result = try CommandRunner.run(["strategies"])
        #expect(result.status == 0)
        let names = result.stdout.split(separator: "\n").map { String($0.prefix { $0 != " " }) }
        #expect(names == ["checkpoint-all", "checkpoint-last", "chen-sqrtn", "chen-sqrtn-linearized",
                          "chen-greedy", "chen-greedy-linearized", "griewank", "dtr", "rotor", "annealing", "milp",
                          "lp-rounding"])
    }

    @Test func solveWritesAScheduleThatSimulateReplays() throws {
        let scratch = try CommandRunner.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let output = scratch.appendingPathComponent("schedule.json").path
        // chain(8): checkpoint-all peaks at 10, so 60% is 6; griewank fits it with 2 slots at cost 17 + 4.
        let solve = try CommandRunner.run(["solve", "examples/chain8.json", "--strategy", "griewank", "--budget", "60%", "--output", output])
        #expect(solve.status == 0, "\(solve.stderr)")
        #expect(solve.stdout.contains("strategy      griewank"))
        #expect(solve.stdout.contains("peak          6 B, 100.0% of the budget"))
        #expect(solve.stdout.contains("budget        6 B = 60% of the checkpoint-all peak"))
        #expect(solve.stdout.contains("cost          21 units"))
        #expect(solve.stdout.contains("overhead      1.235x"))
        // The knapsack at the loss proves griewank's cost optimal: four outputs that the backward pass reads do not fit.
        #expect(solve.stdout.contains("lower bounds  cost 21 units (all schedules), memory 4 B"))
        #expect(solve.stdout.contains("optimal       yes, among all schedules"))
        #expect(solve.stderr.contains("solving examples/chain8.json (17 nodes) with griewank"))
        // 1.5 times the memory lower bound of 4 B is the same 6 B.
        let multiple = try CommandRunner.run(["solve", "examples/chain8.json", "--strategy", "griewank", "--budget", "1.5x"])
        #expect(multiple.stdout.contains("budget        6 B = 1.5x the memory lower bound"))
        #expect(multiple.stdout.contains("cost          21 units"))

        let simulate = try CommandRunner.run(["simulate", "examples/chain8.json", output])
        #expect(simulate.status == 0, "\(simulate.stderr)")
        #expect(simulate.stdout.contains("valid         yes"))
        #expect(simulate.stdout.contains("peak          6 B"))
        #expect(simulate.stdout.contains("cost          21 units, overhead 1.235x"))
        #expect(simulate.stdout.contains("budget        6 B: fits"))
        #expect(simulate.stderr.isEmpty)
    }

    @Test func solvePrintsJSON() throws {
        let result = try CommandRunner.run(["solve", "chain:4", "--strategy", "chen-sqrtn", "--budget", "5", "--json"])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["strategy"] as? String == "chen-sqrtn")
        #expect(object["peakMemory"] as? Int == 5)
        #expect(object["cost"] as? Int == 10)
        #expect(object["budget"] as? Int == 5)
        #expect(object["memoryLowerBound"] as? Int == 4)
    }

    @Test(arguments: ["12884901888", "12GiB", "800MB", "60%"])
    func budgetsInEveryForm(budget: String) throws {
        let result = try CommandRunner.run(["solve", "chain:8", "--strategy", "checkpoint-last", "--budget", budget])
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func helpListsTheChoices() throws {
        let solve = try CommandRunner.run(["solve", "--help"])
        for name in ["checkpoint-all", "chen-greedy", "griewank", "dtr", "milp", "lp-rounding"] {
            #expect(solve.stdout.contains(name), "\(name)")
        }
        let export = try CommandRunner.run(["zoo", "export", "--help"])
        for value in ["a100-40gb", "bfloat16", "adam"] { #expect(export.stdout.contains(value), "\(value)") }
    }

    @Test func noScheduleThatFitsExitsWith3() throws {
        let miss = try CommandRunner.run(["solve", "chain:8", "--strategy", "checkpoint-all", "--budget", "60%"])
        #expect(miss.status == 3)
        #expect(miss.stderr.contains("error: checkpoint-all found no schedule within 6 B; its least peak is 10 B"))
        #expect(miss.stdout.isEmpty)
        let infeasible = try CommandRunner.run(["solve", "chain:8", "--strategy", "griewank", "--budget", "3"])
        #expect(infeasible.status == 3)
        #expect(infeasible.stderr.contains("error: no schedule fits in 3 B: node 9 ('b7') needs 4 B to run"))
    }

    @Test func brokenGraphFilesExitWith2AndNameTheRule() throws {
        let scratch = try CommandRunner.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        for (index, broken) in BrokenFiles.graphs.enumerated() {
            let path = scratch.appendingPathComponent("graph\(index).json").path
            try Data(broken.text.utf8).write(to: URL(fileURLWithPath: path))
            let result = try CommandRunner.run(["solve", path, "--strategy", "chen-greedy", "--budget", "1GiB"])
            #expect(result.status == 2, "\(broken.rule)")
            #expect(result.stderr.contains("error: \(path): \(broken.error.description)"), "\(broken.rule): \(result.stderr)")
        }
    }

    @Test func unreadableFilesExitWith1() throws {
        let missing = try CommandRunner.run(["solve", "no/such/graph.json", "--strategy", "griewank", "--budget", "1GiB"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("error: no/such/graph.json: no such file"))
        let directory = try CommandRunner.run(["simulate", "examples", "schedule.json"])
        #expect(directory.status == 1)
        let unwritable = try CommandRunner.run(["solve", "chain:3", "--strategy", "griewank", "--budget", "100%", "--output", "/no/such/dir/s.json"])
        #expect(unwritable.status == 1)
        #expect(unwritable.stderr.contains("error: /no/such/dir/s.json: cannot be written"))
    }

    @Test(arguments: [
        (["solve", "chain:3", "--strategy", "griewank", "--budget", "12XB"], "unknown unit 'xb'"),
        (["solve", "chain:3", "--strategy", "griewank", "--budget", "1.5"], "a byte count must be a whole number"),
        (["solve", "chain:3", "--strategy", "milp-typo", "--budget", "1GiB"], "The value 'milp-typo' is invalid for '--strategy <name>'"),
        (["solve", "chain:3", "--strategy", "griewank"], "Missing expected argument '--budget <budget>'"),
        (["solve", "chain:0", "--strategy", "griewank", "--budget", "1GiB"], "the chain length must be a whole number"),
        (["solve", "chain:3", "--budget", "1GiB", "--strategy", "griewank", "--frobnicate"], "Unknown option '--frobnicate'"),
        (["simulate", "chain:3"], "Missing expected argument '<schedule>'"),
    ])
    func badArgumentsExitWith2(arguments: [String], message: String) throws {
        let result = try CommandRunner.run(arguments)
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test func brokenScheduleFilesExitWith2() throws {
        let scratch = try CommandRunner.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        for (index, broken) in BrokenFiles.schedules.enumerated() {
            let path = scratch.appendingPathComponent("schedule\(index).json").path
            try Data(broken.text.utf8).write(to: URL(fileURLWithPath: path))
            let result = try CommandRunner.run(["simulate", "chain:2", path])
            #expect(result.status == 2, "\(broken.rule)")
            #expect(result.stderr.contains("error: \(path): \(broken.error.description)"), "\(broken.rule): \(result.stderr)")
        }
    }

    @Test func simulateReportsTheFirstViolation() throws {
        let scratch = try CommandRunner.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let path = scratch.appendingPathComponent("bad.json").path
        // f1 reads f0, which was freed.
        let steps = #"{"op": "compute", "node": 0}, {"op": "free", "node": 0}, {"op": "compute", "node": 1}"#
        try Data(BrokenFiles.schedule(steps).utf8).write(to: URL(fileURLWithPath: path))
        let result = try CommandRunner.run(["simulate", "chain:2", path])
        #expect(result.status == 2)
        #expect(result.stdout.contains("valid     no: step 2: compute node 1 ('f1') needs input 0 ('f0'), which is not in memory"))
        #expect(result.stderr.contains("error: \(path): the schedule is invalid"))
    }

    @Test func benchmarkReplayPrintsATable() throws {
        let result = try CommandRunner.run(["benchmark", "replay", "--steps", "1000", "--repeats", "1"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("schedule") == true)
        #expect(lines.count == 3)
    }
}
