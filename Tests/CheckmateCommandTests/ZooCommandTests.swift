import CheckmateTestSupport
import Checkmate
import Foundation
import Testing

/// `checkmate zoo`, `max-batch`, `benchmark max-batch` and `zoo:MODEL` graph sources, run as a separate process.
@Suite struct ZooCommandTests {
    @Test func zooListsEveryModel() throws {
        let result = try CommandRunner.run(["zoo", "list"])
        #expect(result.status == 0)
        for text in ["vgg16", "vgg19", "mobilenet", "resnet50", "resnet101", "unet", "fcn8", "segnet", "bert-base",
                     "138357544", "25557032", "416x608"] {
            #expect(result.stdout.contains(text), "zoo list mentions \(text)")
        }
    }

    @Test func zooExportWritesAGraphFile() throws {
        let result = try CommandRunner.run(["zoo", "export", "vgg16", "--batch", "2", "--optimizer", "sgd"])
        #expect(result.status == 0, "\(result.stderr)")
        let graph = try TrainingGraph(json: Data(result.stdout.utf8))
        #expect(graph.name == "vgg16-b2")
        #expect(graph.costUnit == "GFLOP")
        // Parameters and gradients in float32, and the 2 x 3 x 224 x 224 input and 2 labels.
        #expect(graph.constantMemory == 2 * 4 * 138_357_544 + 4 * 2 * 3 * 224 * 224 + 2 * 8)
        let seconds = try CommandRunner.run(["zoo", "export", "zoo:mobilenet", "--batch", "1", "--device", "h100", "--dtype", "bfloat16"])
        #expect(seconds.status == 0, "\(seconds.stderr)")
        #expect(try TrainingGraph(json: Data(seconds.stdout.utf8)).costUnit == "seconds")
    }

    @Test func exportWritesAnyGraphSource() throws {
        let scratch = try CommandRunner.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let path = scratch.appendingPathComponent("layered.json").path
        let written = try CommandRunner.run(["export", "layered:60:3", "--output", path])
        #expect(written.status == 0, "\(written.stderr)")
        #expect(written.stderr.contains("60 nodes"))
        let graph = try TrainingGraph(json: Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(graph == TrainingGraph.layered(count: 60, seed: 3))
        let zoo = try CommandRunner.run(["export", "zoo:mobilenet", "--batch", "2", "--fuse"])
        #expect(zoo.status == 0, "\(zoo.stderr)")
        #expect(try TrainingGraph(json: Data(zoo.stdout.utf8)).name.hasPrefix("mobilenet"))
        for (arguments, message) in [(["export", "layered:0"], "layered"), (["export", "layered:9", "--batch", "2"], "--batch")] {
            let bad = try CommandRunner.run(arguments)
            #expect(bad.status == 2, "\(arguments): \(bad.stderr)")
            #expect(bad.stderr.contains(message), "\(arguments): \(bad.stderr)")
        }
    }

    @Test func boundTakesAZooModel() throws {
        // Below the memory lower bound: exit 3 without a solve, naming the bound.
        let result = try CommandRunner.run(["bound", "zoo:vgg16", "--batch", "8", "--budget", "90%"])
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains("memory lower bound"))
    }

    @Test(arguments: [
        (["zoo", "export", "unet", "--batch", "2", "--resolution", "100x100"], "multiples of 16"),
        (["zoo", "export", "alexnet", "--batch", "2"], "alexnet"),
        (["zoo", "export", "vgg16"], "--batch"),
        (["zoo", "export", "vgg16", "--batch", "0"], "positive"),
        (["zoo", "export", "vgg16", "--batch", "1", "--device", "tpu"], "--device"),
        (["zoo", "export", "vgg16", "--batch", "1", "--dtype", "int64"], "--dtype"),
        (["solve", "chain:4", "--batch", "3", "--strategy", "checkpoint-all", "--budget", "100"], "zoo:MODEL"),
        (["max-batch", "vgg19", "--memory", "60%", "--strategy", "chen-sqrtn"], "--memory"),
        (["max-batch", "vgg19", "--memory", "16GiB", "--strategy", "best"], "The value 'best' is invalid for '--strategy <name>'"),
        (["max-batch", "vgg19", "--memory", "16GiB", "--strategy", "chen-sqrtn", "--max-overhead", "0.5"], "--max-overhead"),
    ])
    func badInputExitsWithTwo(arguments: [String], message: String) throws {
        let result = try CommandRunner.run(arguments)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
    }

    @Test func solveAndSimulateTakeAZooModel() throws {
        let scratch = try CommandRunner.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let output = scratch.appendingPathComponent("schedule.json").path
        let flags = ["--batch", "8", "--resolution", "64x64", "--fuse"]
        let solve = try CommandRunner.run(["solve", "zoo:mobilenet", "--strategy", "chen-greedy", "--budget", "90%", "-o", output] + flags)
        #expect(solve.status == 0, "\(solve.stderr)")
        #expect(solve.stdout.contains("zoo:mobilenet (mobilenet-b8"))
        let simulate = try CommandRunner.run(["simulate", "zoo:mobilenet", output] + flags)
        #expect(simulate.status == 0, "\(simulate.stderr)")
        #expect(simulate.stdout.contains("valid         yes"))
    }

    @Test func maxBatchPrintsJSON() throws {
        let result = try CommandRunner.run(["max-batch", "mobilenet", "--memory", "1GiB", "--strategy", "chen-sqrtn", "--json",
                                            "--resolution", "64x64"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONDecoder().decode(JSONValue.self, from: Data(result.stdout.utf8)).object)
        #expect(Set(object.keys) == ["model", "memory", "strategy", "batch", "peakMemory", "overhead", "checkpointAllBatch",
                                     "batchIsSearchLimit"])
        #expect(object["batchIsSearchLimit"] == .bool(false))
        #expect(object["model"] == .string("mobilenet"))
        #expect(object["memory"] == .number(Double(1 << 30)))
        let batch = try #require(object["batch"]?.number)
        let reference = try #require(object["checkpointAllBatch"]?.number)
        #expect(batch >= reference && reference > 0)
        #expect(try #require(object["peakMemory"]?.number) <= Double(1 << 30))
        #expect(try #require(object["overhead"]?.number) <= 2)
    }

    @Test func maxBatchExitsWithThreeWhenNothingFits() throws {
        let result = try CommandRunner.run(["max-batch", "vgg16", "--memory", "100MiB", "--strategy", "checkpoint-all"])
        #expect(result.status == 3)
        #expect(result.stdout.contains("none fits"))
    }

    @Test func benchmarkPrintsOursBesideThePapers() throws {
        let result = try CommandRunner.run(["benchmark", "max-batch", "--models", "vgg19", "--memory", "2GiB",
                                            "--strategies", "chen-sqrtn,no-such-strategy"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("| vgg19 |"))
        #expect(result.stdout.contains("191 / 223 / 231 / 289"))
        #expect(result.stdout.contains("n/a"))
        #expect(result.stderr.contains("no-such-strategy"))
    }

    @Test func benchmarkDrawsTheChartBesideTheSameTable() throws {
        let scratch = try CommandRunner.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let chart = scratch.appendingPathComponent("max-batch.svg").path
        let arguments = ["benchmark", "max-batch", "--models", "vgg19,mobilenet", "--memory", "2GiB",
                         "--strategies", "chen-sqrtn,griewank"]
        let plain = try CommandRunner.run(arguments)
        let plotted = try CommandRunner.run(arguments + ["--plot", chart])
        #expect(plotted.status == 0, "\(plotted.stderr)")
        #expect(plotted.stdout == plain.stdout)
        #expect(plotted.stderr.contains(chart))
        let inspector = try #require(SVGInspector(try String(contentsOfFile: chart, encoding: .utf8)))
        #expect(inspector.count(class: "bar") == 2 * 3)
        #expect(inspector.texts.contains { $0.hasPrefix("Largest batch in 2.0 GiB, FLOP costs") })
        for name in ["checkpoint-all", "chen-sqrtn", "griewank", "vgg19", "mobilenet"] {
            #expect(inspector.texts.contains(name))
        }
        // The bars carry the table's batches.
        let row = try #require(plain.stdout.split(separator: "\n").first { $0.hasPrefix("| vgg19 |") })
        for batch in row.split(separator: "|").dropFirst().prefix(3) {
            #expect(inspector.texts.contains(batch.trimmingCharacters(in: .whitespaces)))
        }
    }

    @Test func benchmarkFailsAtOnceWhenTheChartCannotBeWritten() throws {
        let result = try CommandRunner.run(["benchmark", "max-batch", "--models", "vgg19", "--memory", "2GiB",
                                            "--strategies", "chen-sqrtn", "--plot", "/no/such/directory/chart.svg"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("/no/such/directory/chart.svg"))
        #expect(result.stdout.isEmpty)
    }
}
