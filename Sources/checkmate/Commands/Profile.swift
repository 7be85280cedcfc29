import ArgumentParser
import Checkmate
import CheckmateAnalysis
import CheckmateRuntime
import Foundation

/// `checkmate profile`: each node's kernel time on this machine, as a profile `--profile` reads.
struct ProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Time each node of a model's training step on this machine and write a profile of node seconds.",
        discussion: """
            Runs the checkpoint-all schedule of the model's training step (the program \
            `checkmate run` executes for the same flags) for --runs steps, timing every \
            node's kernels with the clock, and writes each node's median seconds as JSON \
            (node name to seconds), the format --profile reads: `checkmate solve --profile` \
            and `checkmate run --profile` then minimise real time, as the Checkmate paper \
            did with profiled costs.

            Examples:
              checkmate profile zoo:resnet50 --resolution 64x64 --batch 16 --output resnet50.json
              checkmate solve zoo:resnet50 --resolution 64x64 --batch 16 --profile resnet50.json \\
                  --strategy milp --budget 60%

            Exit status: 0 when the profile was written; 1 when it cannot be written or \
            a run fails; 2 when an input is invalid or the runtime has no kernel for a layer.
            """
    )

    @OptionGroup var model: RuntimeModelOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the profile to this file.", valueName: "profile.json"))
    var output: String

    @Option(parsing: .unconditional, help: ArgumentHelp("Steps to time; each node's time is its median.", valueName: "n"))
    var runs = 5

    func validate() throws {
        guard (1...1000).contains(runs) else { throw ValidationError("--runs must be from 1 to 1000") }
    }

    func run() throws {
        RuntimeModelOptions.sleepWhileIdle()
        if model.graph.profile != nil { throw Terminal.fail("--profile is what profile writes; give --output", code: 2) }
        let program = try model.program()
        let profile = try Self.profile(program, runs: runs)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let data = (try? encoder.encode(profile.seconds)) ?? Data()
        try Terminal.write(String(decoding: data, as: UTF8.self) + "\n", to: output)
        let graph = program.graph
        let slowest = graph.nodes.sorted { profile.seconds[$0.name]! > profile.seconds[$1.name]! }.prefix(5)
        print(Format.fields([
            ("model", "\(model.model) (\(graph.name), \(graph.count) nodes)"),
            ("runs", "\(runs) steps of checkpoint-all"),
            ("step", "\(Format.seconds(profile.stepSeconds)) (median), \(Format.seconds(profile.seconds.values.reduce(0, +))) in kernels"),
            ("slowest", slowest.map { "\($0.name) \(Format.fixed(1000 * profile.seconds[$0.name]!, digits: 2)) ms" }
                .joined(separator: ", ")),
            ("written to", output),
        ]))
    }

    /// Runs checkpoint-all `runs` times with timed kernels: each node's median seconds, and the median step.
    static func profile(_ program: TrainingProgram, runs: Int) throws(ExitCode) -> (seconds: [String: Double], stepSeconds: Double) {
        let graph = program.graph
        Terminal.note("timing \(graph.count) nodes over \(runs) steps")
        let execution: Execution
        do {
            execution = try program.execute(CheckpointAll().schedule(for: graph),
                                            options: ExecutionOptions(steps: runs, timesKernels: true))
        } catch {
            throw Terminal.fail("checkpoint-all: \(error)", code: 1)
        }
        var seconds: [String: Double] = [:]
        for (node, times) in zip(graph.nodes, execution.kernelSeconds) { seconds[node.name] = median(times) }
        return (seconds, execution.medianSeconds)
    }
}
