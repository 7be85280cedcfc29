import Checkmate
import Foundation
import Testing

/// `checkmate run` and `checkmate profile`, run as separate processes: real
/// training steps executed by schedule, memory and time measured.
@Suite struct RunCommandTests {
    static let model = ["run", "mlp", "--layers", "6", "--width", "32", "--batch", "512", "--kernel-threads", "1"]
    /// Activations outweigh the constant memory (parameters and gradients), so schedules below checkpoint-all fit.
    static let mobilenet = ["zoo:mobilenet", "--resolution", "64x64", "--batch", "16", "--optimizer", "sgd", "--kernel-threads", "1"]

    /// The object `--json` prints.
    static func object(_ stdout: String) throws -> [String: JSONValue] {
        try #require(try JSONDecoder().decode(JSONValue.self, from: Data(stdout.utf8)).object)
    }

    @Test func aScheduleRunsInItsArenaWithTheGradientsOfCheckpointAll() throws {
        let result = try CommandRunner.run(Self.model + ["--budget", "80%", "--strategy", "chen-greedy"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true) }
        #expect(lines.first == ["strategy", "budget", "replayed", "peak", "arena", "highest", "page", "resident", "growth",
                                "s/step", "real", "overhead", "predicted", "loss", "max", "|grad", "diff|"])
        // chen-greedy keeps 2 checkpoints: 462.25 KiB, 1.118 times the FLOPs, in an arena of exactly that size.
        let row = try #require(lines.dropFirst().first)
        #expect(row[0] == "chen-greedy" && row[3...6] == ["462.25", "KiB", "462.25", "KiB"])
        #expect(row[13] == "1.118x" && row.last == "0")
        let reference = try #require(lines.dropFirst(2).first)
        #expect(reference[0] == "checkpoint-all" && reference[2...5] == ["590.25", "KiB", "590.25", "KiB"])
        #expect(row[14] == reference[13], "the same loss")
        #expect(result.stdout.contains("Recomputation changed no bit of the loss or the gradients."))
    }

    /// A zoo convnet, with the keys others script against.
    @Test func aZooModelRunsAndReportsJSON() throws {
        let result = try CommandRunner.run(["run"] + Self.mobilenet + ["--budget", "90%", "--strategy", "dtr", "--steps", "2", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try Self.object(result.stdout)
        for key in ["replayedPeak", "arenaBytes", "residentPeakDelta", "seconds", "checkpointAllSeconds", "realOverhead",
                    "predictedOverhead", "maxGradientDifference"] {
            #expect(object[key]?.number != nil, "\(key)")
        }
        #expect(object["maxGradientDifference"]?.number == 0 && object["identicalResults"] == .bool(true))
        let (peak, arena) = (try #require(object["replayedPeak"]?.number), try #require(object["arenaBytes"]?.number))
        #expect(arena >= peak && arena <= 1.05 * peak)
        #expect(object["graph"] == .string("mobilenet-b16") && object["steps"] == .number(2))
        #expect(try #require(object["computeCount"]?.number) > object["nodes"]?.number ?? .infinity)
    }

    /// The program's graph is the one `solve` schedules: node for node, byte for byte; only each
    /// node's workspace grows by its kernels' scratch space. A schedule solved for it runs.
    @Test func theGraphRunRunsIsTheGraphSolveSchedules() throws {
        let scratch = try CommandRunner.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let (runtime, derived, schedule) = (scratch.appendingPathComponent("runtime.json").path,
                                            scratch.appendingPathComponent("derived.json").path,
                                            scratch.appendingPathComponent("schedule.json").path)
        let flags = Array(Self.mobilenet.dropFirst().dropLast(2)) + ["--fuse"]
        let export = try CommandRunner.run(["run", "zoo:mobilenet"] + flags + ["--budget", "100%", "--strategy",
                                            "checkpoint-all", "--steps", "1", "--graph-output", runtime])
        #expect(export.status == 0, "\(export.stderr)")
        let zoo = try CommandRunner.run(["zoo", "export", "mobilenet"] + flags + ["--output", derived])
        #expect(zoo.status == 0, "\(zoo.stderr)")
        let (a, b) = try [runtime, derived].map { try TrainingGraph(json: Data(contentsOf: URL(fileURLWithPath: $0))) }
            .pair()
        #expect(a.name == b.name && a.count == b.count && a.constantMemory == b.constantMemory)
        for (x, y) in zip(a.nodes, b.nodes) {
            #expect(x.name == y.name && x.inputs == y.inputs && x.memory == y.memory && x.cost == y.cost)
            #expect(x.workspace >= y.workspace, "\(x.name)")
        }
        let solve = try CommandRunner.run(["solve", runtime, "--strategy", "griewank", "--budget", "70%", "--output", schedule])
        #expect(solve.status == 0, "\(solve.stderr)")
        let run = try CommandRunner.run(["run", "zoo:mobilenet"] + flags + ["--schedule", schedule, "--steps", "1"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("griewank"))
        let other = try CommandRunner.run(["run", "zoo:mobilenet", "--resolution", "32x32", "--batch", "3", "--schedule", schedule])
        #expect(other.status == 2)
        #expect(other.stderr.contains("the schedule is for graph 'mobilenet-b16', not 'mobilenet-b3'"))
    }

    /// `profile` writes each node's seconds, which `solve --profile` reads.
    @Test func aProfileIsWhatSolveReads() throws {
        let scratch = try CommandRunner.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let profile = scratch.appendingPathComponent("profile.json").path
        let result = try CommandRunner.run(["profile"] + Self.mobilenet + ["--runs", "2", "--output", profile])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("written to  \(profile)"))
        let times = try #require(try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: URL(fileURLWithPath: profile))).object)
        #expect(times.count == 171 && times.values.allSatisfy { ($0.number ?? -1) > 0 })
        let solve = try CommandRunner.run(["solve"] + Self.mobilenet.dropLast(2) + ["--profile", profile,
                                           "--strategy", "chen-greedy", "--budget", "90%"])
        #expect(solve.status == 0, "\(solve.stderr)")
        #expect(solve.stdout.split(separator: "\n").contains { $0.hasPrefix("cost ") && $0.hasSuffix(" seconds") })
    }

    @Test(.enabled(if: lightModels != nil, "python3 cannot import onnx"))
    func anONNXModelRuns() throws {
        let result = try CommandRunner.run(["run", "onnx:" + lightModels! + "/light_squeezenet.onnx", "--batch", "2",
                                            "--budget", "90%", "--strategy", "chen-greedy", "--steps", "1", "--kernel-threads", "1"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Recomputation changed no bit of the loss or the gradients."))
    }

    @Test func anImpossibleBudgetExitsWith3() throws {
        let result = try CommandRunner.run(Self.model + ["--budget", "1KiB", "--strategy", "chen-greedy"])
        #expect(result.status == 3)
        #expect(result.stderr.contains("error: no schedule fits in 1.0 KiB"))
        #expect(result.stdout.isEmpty)
    }

    @Test(arguments: [
        (["run", "cnn"], "the model must be mlp, zoo:NAME or onnx:PATH"),
        (["run", "mlp", "--layers", "0"], "--layers"), (["run", "mlp", "--budget", "lots"], "lots"),
        (["run", "mlp", "--strategy", "nope"], "is invalid for '--strategy <name>'"), (["run", "zoo:vgg16"], "--batch"),
        (["run", "zoo:bert-base", "--batch", "1", "--resolution", "16"], "layer 'input_ids': the runtime cannot run it"),
        (["run", "mlp", "--dtype", "float16"], "float32"), (["run", "mlp", "--resolution", "8x8"], "do not apply to mlp"),
        (["run", "zoo:vgg16", "--batch", "1", "--layers", "3"], "only to mlp"),
        (["profile", "mlp", "--output", "/tmp/p.json", "--profile", "p.json"], "--profile"),
    ])
    func badInputExitsWith2(arguments: [String], message: String) throws {
        let result = try CommandRunner.run(arguments)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
    }
}

extension Array {
    /// The first two elements.
    fileprivate func pair() -> (Element, Element) { (self[0], self[1]) }
}
