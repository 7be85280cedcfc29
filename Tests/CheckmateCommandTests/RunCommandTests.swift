import Foundation
import Testing

/// `checkmate run`, run as a separate process: real training steps executed by schedule.
@Suite struct RunCommandTests {
    static let model = ["run", "mlp", "--layers", "6", "--width", "32", "--batch", "512"]

    @Test func aScheduleRunsAsReplayedWithTheGradientsOfCheckpointAll() throws {
        let result = try CommandRunner.run(Self.model + ["--budget", "80%", "--strategy", "chen-greedy"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true) }
        #expect(lines.first == ["strategy", "budget", "simulated", "peak", "measured", "peak", "cost", "(FLOPs)",
                                "overhead", "seconds", "loss", "max", "|grad", "diff|"])
        // chen-greedy keeps 2 checkpoints: 435.5 KiB, 1.118 times the FLOPs, gradients identical.
        let row = try #require(lines.dropFirst().first)
        #expect(row[0] == "chen-greedy" && row[1...2] == ["450.8", "KiB"])
        #expect(row[3...6] == ["435.5", "KiB", "435.5", "KiB"])
        #expect(row[7...8] == ["2.04308e+07", "1.118x"] && row.last == "0")
        let reference = try #require(lines.dropFirst(2).first)
        #expect(reference[0] == "checkpoint-all" && reference[2...5] == ["563.5", "KiB", "563.5", "KiB"])
        #expect(row[10] == reference[9], "the same loss")
        #expect(result.stdout.contains("Measured peaks equal the simulated ones to the byte: 445956 B and 577028 B."))
    }

    @Test func aSolvedScheduleFileRuns() throws {
        let scratch = try CommandRunner.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let graph = scratch.appendingPathComponent("mlp.json").path
        let schedule = scratch.appendingPathComponent("schedule.json").path
        let export = try CommandRunner.run(Self.model + ["--budget", "100%", "--strategy", "checkpoint-all", "--graph-output", graph])
        #expect(export.status == 0, "\(export.stderr)")
        let solve = try CommandRunner.run(["solve", graph, "--strategy", "griewank", "--budget", "60%", "--output", schedule])
        #expect(solve.status == 0, "\(solve.stderr)")
        let run = try CommandRunner.run(Self.model + ["--schedule", schedule])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("griewank"))
        let other = try CommandRunner.run(["run", "mlp", "--layers", "5", "--width", "32", "--batch", "512", "--schedule", schedule])
        #expect(other.status == 2)
        #expect(other.stderr.contains("the schedule is for graph 'mlp6x32-b512', not 'mlp5x32-b512'"))
    }

    @Test func anImpossibleBudgetExitsWith3() throws {
        let result = try CommandRunner.run(Self.model + ["--budget", "1KiB", "--strategy", "chen-greedy"])
        #expect(result.status == 3)
        #expect(result.stderr.contains("error: no schedule fits in 1.0 KiB"))
        #expect(result.stdout.isEmpty)
    }

    @Test(arguments: [["run", "cnn"], ["run", "mlp", "--layers", "0"], ["run", "mlp", "--budget", "lots"],
                      ["run", "mlp", "--strategy", "nope"], ["run", "mlp", "--width", "65536", "--batch", "1048576"]])
    func badInputExitsWith2(arguments: [String]) throws {
        #expect(try CommandRunner.run(arguments).status == 2)
    }
}
