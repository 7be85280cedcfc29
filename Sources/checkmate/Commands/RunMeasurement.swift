import ArgumentParser
import Checkmate
import CheckmateRuntime
import Foundation

/// A schedule and the checkpoint-all schedule of one program, each run for
/// the same steps, and the checks on what the runs measured.
struct RunMeasurement {
    /// How much more than its arena the process's peak resident memory may
    /// grow while a schedule runs: thread stacks, the C and Swift runtimes'
    /// small allocations.
    static let residentAllowance = 32 << 20

    let graph: TrainingGraph
    let solution: Solution
    let checkpointAll: Solution
    let run: Execution
    let reference: Execution

    /// Runs `solution`'s schedule and checkpoint-all's, `steps` steps each, alternating
    /// (and alternating which goes first), so that the machine's changing speed affects both alike.
    init(program: TrainingProgram, graph: TrainingGraph, solution: Solution, checkpointAll: Solution, steps: Int) throws(ExitCode) {
        self.graph = graph
        self.solution = solution
        self.checkpointAll = checkpointAll
        let sessions = try [solution, checkpointAll].map { (solution: Solution) throws(ExitCode) -> ExecutionSession in
            do {
                return try ExecutionSession(program, schedule: solution.schedule)
            } catch {
                throw Terminal.fail("\(solution.strategy): \(error)", code: 1)
            }
        }
        Terminal.note("running \(solution.strategy) (\(solution.schedule.steps.count) operations) and checkpoint-all "
            + "(\(checkpointAll.schedule.steps.count)), \(steps) step\(steps == 1 ? "" : "s") each")
        for k in 0..<steps {
            for index in k % 2 == 0 ? [0, 1] : [1, 0] {
                do {
                    try sessions[index].step()
                } catch {
                    throw Terminal.fail("\([solution, checkpointAll][index].strategy): \(error)", code: 1)
                }
            }
            Terminal.note("  step \(k + 1): " + sessions.map { Format.seconds($0.execution.stepSeconds.last!) }.joined(separator: " and "))
        }
        run = sessions[0].execution
        reference = sessions[1].execution
    }

    /// Seconds per step over checkpoint-all's.
    var realOverhead: Double { run.medianSeconds / reference.medianSeconds }

    /// The schedule's cost over checkpoint-all's, in the graph's costs.
    var predictedOverhead: Double { solution.replay.cost / checkpointAll.replay.cost }

    /// The first measured check that fails, or nil.
    var failure: String? {
        if !run.hasIdenticalResults(to: reference) {
            return "\(solution.strategy)'s loss or gradients differ from checkpoint-all's "
                + "(up to \(run.maxGradientDifference(from: reference)))"
        }
        for (name, execution) in [(solution.strategy, run), ("checkpoint-all", reference)] {
            if execution.highestTouchedOffset > execution.arenaBytes {
                return "\(name) touched memory at \(execution.highestTouchedOffset) B, past its arena of \(execution.arenaBytes) B"
            }
            if execution.residentPeakDelta > execution.arenaBytes + Self.residentAllowance {
                return "\(name): the peak resident memory grew by \(Format.bytes(execution.residentPeakDelta)), more than "
                    + "the arena (\(Format.bytes(execution.arenaBytes))) and \(ByteCount(Self.residentAllowance)) more"
            }
        }
        return nil
    }

    var table: String {
        let rows = [(solution, run), (checkpointAll, reference)].map { solution, execution in
            [
                solution.strategy, solution.budget == .max ? "-" : ByteCount(solution.budget).description,
                ByteCount(solution.replay.peakMemory).description, ByteCount(execution.arenaBytes).description,
                ByteCount(execution.highestTouchedOffset).description, ByteCount(execution.residentPeakDelta).description,
                Format.fixed(execution.medianSeconds, digits: 3),
                Format.fixed(execution.medianSeconds / reference.medianSeconds, digits: 3) + "x",
                Format.fixed(solution.replay.cost / checkpointAll.replay.cost, digits: 3) + "x",
                Format.fixed(Double(execution.loss), digits: 6),
                String(format: "%g", execution.maxGradientDifference(from: reference)),
            ]
        }
        let fragmentation = Double(run.arenaBytes - solution.replay.peakMemory) / Double(solution.replay.peakMemory)
        var notes = [
            "\(graph.name): \(graph.count) nodes; costs in \(graph.costUnit); \(run.stepSeconds.count) steps each, median seconds.",
            "The arena holds \(Format.fixed(100 * fragmentation, digits: 1))% more than the replayed peak "
                + "(\(ByteCount(run.arenaBytes)) for \(ByteCount(solution.replay.peakMemory))): alignment and fragmentation.",
        ]
        if !run.residentPeakWasReset {
            notes.append("The system did not let the peak resident memory be reset: its growth is a lower bound.")
        }
        if failure == nil {
            notes.append("Recomputation changed no bit of the loss or the gradients.")
        }
        return Format.table(header: ["strategy", "budget", "replayed peak", "arena", "highest page", "resident growth",
                                     "s/step", "real overhead", "predicted", "loss", "max |grad diff|"], rows: rows)
            + "\n" + notes.joined(separator: "\n")
    }

    /// One JSON object of the measurements; `model` is the model argument.
    func json(model: String) -> String {
        func measured(_ execution: Execution, _ solution: Solution) -> [String: JSONValue] {
            [
                "replayedPeak": .number(Double(solution.replay.peakMemory)), "cost": .number(solution.replay.cost),
                "arenaBytes": .number(Double(execution.arenaBytes)), "plannedLiveBytes": .number(Double(execution.plannedLiveBytes)),
                "highestOffsetWritten": .number(Double(execution.highestTouchedOffset)),
                "residentPeakBefore": .number(Double(execution.residentPeakBefore)),
                "residentPeakAfter": .number(Double(execution.residentPeakAfter)),
                "residentPeakDelta": .number(Double(execution.residentPeakDelta)),
                "seconds": .number(execution.medianSeconds), "stepSeconds": .array(execution.stepSeconds.map { .number($0) }),
                "computeCount": .number(Double(execution.computeCount)), "loss": .number(Double(execution.loss)),
            ]
        }
        var object = measured(run, solution)
        object["model"] = .string(model)
        object["graph"] = .string(graph.name)
        object["nodes"] = .number(Double(graph.count))
        object["costUnit"] = .string(graph.costUnit)
        object["strategy"] = .string(solution.strategy)
        object["budget"] = solution.budget == .max ? .null : .number(Double(solution.budget))
        object["steps"] = .number(Double(run.stepSeconds.count))
        object["residentPeakWasReset"] = .bool(run.residentPeakWasReset)
        object["checkpointAll"] = .object(measured(reference, checkpointAll))
        object["checkpointAllSeconds"] = .number(reference.medianSeconds)
        object["realOverhead"] = .number(realOverhead)
        object["predictedOverhead"] = .number(predictedOverhead)
        object["maxGradientDifference"] = .number(Double(run.maxGradientDifference(from: reference)))
        object["identicalResults"] = .bool(run.hasIdenticalResults(to: reference))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(JSONValue.object(object))) ?? Data(), as: UTF8.self)
    }
}
