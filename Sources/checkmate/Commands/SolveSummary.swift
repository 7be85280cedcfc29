import Checkmate
import CheckmateAnalysis
import Foundation

/// What `checkmate solve` prints about a solution, as text or JSON.
struct SolveSummary {
    let graph: TrainingGraph
    let source: String
    let budget: Budget
    let solution: Solution
    let output: String?

    var text: String {
        let replay = solution.replay
        let budgetText: String
        switch budget {
        case .shareOfCheckpointAll(let share):
            budgetText = "\(Format.bytes(solution.budget)) = \(Format.number(share * 100))% of the checkpoint-all peak"
        case .multipleOfMemoryLowerBound(let multiple):
            budgetText = "\(Format.bytes(solution.budget)) = \(Format.number(multiple))x the memory lower bound"
        case .bytes:
            budgetText = Format.bytes(solution.budget)
        }
        let share = solution.budget > 0 ? Double(replay.peakMemory) / Double(solution.budget) * 100 : 0
        var rows = [
            ("graph", "\(source) (\(graph.name), \(graph.count) nodes)"),
            ("strategy", solution.strategy),
            ("peak", "\(Format.bytes(replay.peakMemory)), \(Format.fixed(share, digits: 1))% of the budget"),
            ("budget", budgetText),
            ("cost", Format.cost(replay.cost, in: graph)),
            ("overhead", "\(Format.fixed(solution.overhead(in: graph), digits: 3))x"),
            ("lower bounds", "cost \(Format.cost(solution.costLowerBound, in: graph)) (all schedules), "
                + "memory \(Format.bytes(graph.memoryLowerBound))"),
            ("gap", "\(Format.fixed(solution.gap * 100, digits: 2))% above the bound over all schedules"),
        ]
        if let stage = solution.stageFormBound, let stageGap = solution.stageFormGap {
            rows.append(("stage form", "cost \(Format.cost(stage.cost, in: graph)) or more for the MILP's stage form in its order; "
                + (stageGap >= 0 ? "\(Format.fixed(stageGap * 100, digits: 2))% above it"
                                 : "this schedule lies outside that form and costs less")))
        }
        let optimal = switch solution.optimalAmong {
        case .allSchedules: "yes, among all schedules"
        case .stageForm: "among the stage form in its order (not proven over all schedules)"
        case nil: "not proven"
        }
        rows.append(("optimal", optimal))
        rows.append(("time", Format.seconds(solution.solveSeconds)))
        if let output { rows.append(("schedule", "\(output) (\(solution.schedule.steps.count) steps)")) }
        return Format.fields(rows)
    }

    var json: String {
        var object: [String: JSONValue] = [
            "graph": .string(graph.name),
            "source": .string(source),
            "strategy": .string(solution.strategy),
            "budget": .number(Double(solution.budget)),
            "peakMemory": .number(Double(solution.replay.peakMemory)),
            "cost": .number(solution.replay.cost),
            "overhead": .number(solution.overhead(in: graph)),
            "costLowerBound": .number(solution.costLowerBound),
            "gap": .number(solution.gap),
            "optimal": .bool(solution.isOptimal),
            "memoryLowerBound": .number(Double(graph.memoryLowerBound)),
            "solveSeconds": .number(solution.solveSeconds),
            "steps": .number(Double(solution.schedule.steps.count)),
        ]
        object["output"] = output.map(JSONValue.string)
        object["stageFormCostLowerBound"] = solution.stageFormBound.map { .number($0.cost) }
        object["stageFormGap"] = solution.stageFormGap.map(JSONValue.number)
        object["optimalWithin"] = solution.optimalAmong.map { .string($0.rawValue) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try! encoder.encode(JSONValue.object(object)), as: UTF8.self)
    }
}
