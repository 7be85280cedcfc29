import Checkmate
import Foundation

/// One case of a budget sweep: a strategy at a budget, and what came of it.
///
/// The columns of `sweep.csv` and `sweep.json`: `strategy`, `budget`
/// (bytes), `peak` (bytes, from the replay), `cost` (the graph's cost unit),
/// `overhead` (cost over the sum of all nodes' costs), `bound` (the best
/// lower bound proven on the cost of every schedule at this budget),
/// `optimal` (proven optimal in a family of schedules that contains it),
/// `seconds` (wall time of the case), `status`, `stageFormBound` (the best
/// bound proven on the stage form in the strategy's order, which need not
/// hold for a schedule outside that form) and `optimalWithin` (the family:
/// `all-schedules` or `stage-form`). A case without a schedule has empty
/// `peak`, `cost`, `overhead` and `bound`, and a status that says why.
public struct SweepRow: Hashable, Sendable {
    /// Why a case has, or lacks, a schedule.
    public enum Status: String, Hashable, Sendable, CaseIterable {
        /// A schedule that fits the budget.
        case ok
        /// The strategy found no schedule within the budget.
        case doesNotFit = "does-not-fit"
        /// No schedule fits the budget: it is below the memory lower bound, or a ``PeakProof`` shows it.
        case infeasible
        /// The solver's time ran out before it found a schedule.
        case timedOut = "timed-out"
        /// The strategy does not apply to this graph.
        case unsupported
        /// The solver failed, or a strategy produced an invalid schedule (a bug).
        case failed
    }

    public var strategy: String
    public var budget: Int
    public var peak: Int?
    public var cost: Double?
    public var overhead: Double?
    public var bound: Double?
    public var optimal: Bool
    public var seconds: Double
    public var status: Status
    public var stageFormBound: Double?
    public var optimalWithin: ScheduleFamily?

    /// The row of a solved case; its numbers are the solution's replay.
    public init(solution: Solution, graph: TrainingGraph, seconds: Double) {
        strategy = solution.strategy
        budget = solution.budget
        peak = solution.replay.peakMemory
        cost = solution.replay.cost
        overhead = solution.overhead(in: graph)
        bound = solution.costLowerBound
        optimal = solution.isOptimal
        self.seconds = seconds
        status = .ok
        stageFormBound = solution.stageFormBound?.cost
        optimalWithin = solution.optimalAmong
    }

    /// The row of a case that returned no schedule.
    public init(strategy: String, budget: Int, error: StrategyError, seconds: Double) {
        self.strategy = strategy
        self.budget = budget
        optimal = false
        self.seconds = seconds
        status = switch error {
        case .doesNotFit, .noStageFormSchedule: .doesNotFit
        case .infeasible: .infeasible
        case .timedOut: .timedOut
        case .unsupported: .unsupported
        case .solverFailure, .invalidSchedule, .unsoundBound: .failed
        }
    }

    /// The column names, in order.
    public static let columns = [
        "strategy", "budget", "peak", "cost", "overhead", "bound", "optimal", "seconds", "status",
        "stageFormBound", "optimalWithin",
    ]

    /// The row's values as CSV fields, in ``columns`` order (quoted where needed).
    public var csvLine: String {
        let fields = [strategy, String(budget), peak.map(String.init) ?? "", cost.map(Self.decimal) ?? "",
                      overhead.map(Self.decimal) ?? "", bound.map(Self.decimal) ?? "", optimal ? "true" : "false",
                      Self.decimal(seconds), status.rawValue, stageFormBound.map(Self.decimal) ?? "",
                      optimalWithin?.rawValue ?? ""]
        return fields.map(Self.csvField).joined(separator: ",")
    }

    /// The row as a JSON object keyed by ``columns``; missing values are null.
    public var json: JSONValue {
        .object([
            "strategy": .string(strategy),
            "budget": .number(Double(budget)),
            "peak": peak.map { .number(Double($0)) } ?? .null,
            "cost": cost.map(JSONValue.number) ?? .null,
            "overhead": overhead.map(JSONValue.number) ?? .null,
            "bound": bound.map(JSONValue.number) ?? .null,
            "optimal": .bool(optimal),
            "seconds": .number(seconds),
            "status": .string(status.rawValue),
            "stageFormBound": stageFormBound.map(JSONValue.number) ?? .null,
            "optimalWithin": optimalWithin.map { .string($0.rawValue) } ?? .null,
        ])
    }

    /// A number as Swift prints it (shortest text that reads back the same value).
    static func decimal(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 9e15 ? String(Int64(value)) : String(value)
    }

    static func csvField(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
