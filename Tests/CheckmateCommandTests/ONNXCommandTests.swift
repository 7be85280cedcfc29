@testable import checkmate
import Checkmate
import CheckmateAnalysis
import Foundation
import Testing

/// `onnx/backend/test/data/light` of the installed onnx wheel, or nil when python3 cannot import onnx.
let lightModels: String? = {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", "import onnx, os; print(os.path.join(os.path.dirname(onnx.__file__), 'backend', 'test', 'data', 'light'))"]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return nil }
    let path = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        .trimmingCharacters(in: .whitespacesAndNewlines)
    process.waitUntilExit()
    return process.terminationStatus == 0 && FileManager.default.fileExists(atPath: path) ? path : nil
}()

/// `checkmate import` and `onnx:PATH` graph sources, on the light models the onnx wheel ships.
@Suite(.enabled(if: lightModels != nil, "python3 cannot import onnx"))
struct ONNXCommandTests {
    static var squeezenet: String { lightModels! + "/light_squeezenet.onnx" }

    @Test func importWritesAGraphFile() throws {
        let scratch = try CommandRunner.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let output = scratch.appendingPathComponent("squeezenet.json").path
        let result = try CommandRunner.run(["import", Self.squeezenet, "--batch", "2", "--device", "v100", "--output", output])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("67 forward, 1 loss, 67 backward"))
        let graph = try TrainingGraph(json: Data(contentsOf: URL(fileURLWithPath: output)))
        #expect(graph.name == "light_squeezenet-b2")
        #expect(graph.costUnit == "seconds")
        #expect(graph.count == 135)
    }

    @Test func solveSimulateAndMaxBatchTakeAnONNXModel() throws {
        let scratch = try CommandRunner.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let schedule = scratch.appendingPathComponent("schedule.json").path
        let source = "onnx:" + Self.squeezenet
        let solve = try CommandRunner.run(["solve", source, "--batch", "4", "--strategy", "chen-greedy", "--budget", "80%", "-o", schedule])
        #expect(solve.status == 0, "\(solve.stderr)")
        let simulate = try CommandRunner.run(["simulate", source, schedule, "--batch", "4"])
        #expect(simulate.status == 0, "\(simulate.stderr)")
        #expect(simulate.stdout.contains("valid         yes"))
        let maxBatch = try CommandRunner.run(["max-batch", source, "--memory", "256MiB", "--strategy", "checkpoint-all", "--json"])
        #expect(maxBatch.status == 0, "\(maxBatch.stderr)")
        #expect(maxBatch.stdout.contains("\"checkpointAllBatch\""))
    }

    @Test func badModelsAndFlagsExitWithOneOrTwo() throws {
        let checks: [([String], Int32, String)] = [
            (["import", "examples/chain8.json", "--batch", "2", "-o", "/dev/null"], 2, "not an ONNX model"),
            (["import", "/nonexistent/model.onnx", "--batch", "2", "-o", "/dev/null"], 1, "no such file"),
            (["import", Self.squeezenet, "-o", "/dev/null"], 2, "--batch"),
            (["import", Self.squeezenet, "--batch", "2", "--dim", "width", "-o", "/dev/null"], 2, "--dim"),
            (["import", Self.squeezenet, "--batch", "2", "--dim", "width=3", "-o", "/dev/null"], 2, "width"),
            (["import", Self.squeezenet, "--batch", "2", "--unknown-ops", "ignore", "-o", "/dev/null"], 2, "--unknown-ops"),
            (["import", Self.squeezenet, "--batch", "2", "--resolution", "64x64", "-o", "/dev/null"], 2, "--resolution"),
            (["solve", "zoo:vgg16", "--batch", "2", "--dim", "n=3", "--strategy", "checkpoint-all", "--budget", "90%"], 2, "--dim"),
            (["solve", "onnx:", "--batch", "2", "--strategy", "checkpoint-all", "--budget", "90%"], 2, "onnx:PATH"),
        ]
        for (arguments, status, message) in checks {
            let result = try CommandRunner.run(arguments)
            #expect(result.status == status, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
    }

    @Test func sourceArguments() throws {
        #expect(try GraphSource(argument: "onnx:models/a:b.onnx") == .onnx(path: "models/a:b.onnx"))
        #expect("\(GraphSource.onnx(path: "m.onnx"))" == "onnx:m.onnx")
        #expect(throws: InputError(.invalid, source: "onnx:m.onnx", message: "an ONNX model needs a batch size (--batch)")) {
            try GraphSource.onnx(path: "m.onnx").load()
        }
    }
}
