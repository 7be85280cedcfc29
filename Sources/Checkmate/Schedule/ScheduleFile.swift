import Foundation

/// The `checkmate-schedule` version 1 file: a schedule and what its replay gave.
///
/// Steps name nodes by file `id`; in memory `schedule` uses graph indices.
public struct ScheduleFile: Hashable, Sendable {
    public static let format = "checkmate-schedule"
    public static let version = 1

    public var graph: String
    public var strategy: String
    public var budget: Int?
    public var peakMemory: Int?
    public var cost: Double?
    public var costLowerBound: Double?
    public var optimal: Bool
    public var solveSeconds: Double?
    public var schedule: Schedule

    /// The file of a solution: its numbers are the solution's replay.
    public init(solution: Solution, graph: TrainingGraph) {
        self.graph = graph.name
        self.strategy = solution.strategy
        self.budget = solution.budget
        self.peakMemory = solution.replay.peakMemory
        self.cost = solution.replay.cost
        self.costLowerBound = solution.costLowerBound
        self.optimal = solution.isOptimal
        self.solveSeconds = solution.solveSeconds
        self.schedule = solution.schedule
    }

    /// Reads a schedule file against the graph whose ids its steps name.
    ///
    /// Only `format`, `version` and `steps` are required; the rest is what the
    /// writer claimed, which ``TrainingGraph/replay(_:)`` checks.
    public init(json data: Data, graph: TrainingGraph) throws(ScheduleFileError) {
        let root: [String: JSONValue]
        do {
            guard let object = try JSONDecoder().decode(JSONValue.self, from: data).object else {
                throw ScheduleFileError.malformed("the top level is not a JSON object")
            }
            root = object
        } catch let error as ScheduleFileError {
            throw error
        } catch {
            throw .malformed("invalid JSON")
        }
        guard root["format"]?.string == Self.format else { throw .wrongFormat(root["format"]?.string) }
        guard root["version"]?.number == Double(Self.version) else {
            throw .unsupportedVersion(root["version"]?.number.map { Int($0) })
        }
        guard let entries = root["steps"]?.array else { throw .malformed("field 'steps' is missing or not an array") }
        var index = [Int: Int]()
        for (i, node) in graph.nodes.enumerated() { index[node.id] = i }
        var steps: [Schedule.Step] = []
        steps.reserveCapacity(entries.count)
        for (position, entry) in entries.enumerated() {
            guard let object = entry.object, let op = object["op"]?.string, let id = object["node"]?.number else {
                throw .invalidStep(step: position, reason: "needs fields 'op' and 'node'")
            }
            guard id == id.rounded(), abs(id) < 9e15, let node = index[Int(id)] else {
                throw .unknownNode(step: position, id: id)
            }
            switch op {
            case "compute": steps.append(.compute(node))
            case "free": steps.append(.free(node))
            default: throw .invalidStep(step: position, reason: "op '\(op)' is neither 'compute' nor 'free'")
            }
        }
        self.graph = root["graph"]?.string ?? graph.name
        self.strategy = root["strategy"]?.string ?? "unknown"
        self.budget = root["budget"]?.number.map { Int($0) }
        self.peakMemory = root["peakMemory"]?.number.map { Int($0) }
        self.cost = root["cost"]?.number
        self.costLowerBound = root["costLowerBound"]?.number
        if case .bool(let value)? = root["optimal"] { self.optimal = value } else { self.optimal = false }
        self.solveSeconds = root["solveSeconds"]?.number
        self.schedule = Schedule(steps: steps)
    }

    /// The file's JSON; steps name nodes by the ids of `graph`.
    public func json(graph nodes: TrainingGraph) -> Data {
        var root: [String: JSONValue] = [
            "format": .string(Self.format),
            "version": .number(Double(Self.version)),
            "graph": .string(graph),
            "strategy": .string(strategy),
            "optimal": .bool(optimal),
            "steps": .array(schedule.steps.map { step in
                switch step {
                case .compute(let i): .object(["op": .string("compute"), "node": .number(Double(nodes.nodes[i].id))])
                case .free(let i): .object(["op": .string("free"), "node": .number(Double(nodes.nodes[i].id))])
                }
            }),
        ]
        root["budget"] = budget.map { .number(Double($0)) }
        root["peakMemory"] = peakMemory.map { .number(Double($0)) }
        root["cost"] = cost.map { .number($0) }
        root["costLowerBound"] = costLowerBound.map { .number($0) }
        root["solveSeconds"] = solveSeconds.map { .number($0) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try! encoder.encode(JSONValue.object(root))
    }
}

/// Why a schedule file was rejected before its replay.
public enum ScheduleFileError: Error, Hashable, Sendable, CustomStringConvertible {
    case malformed(String)
    case wrongFormat(String?)
    case unsupportedVersion(Int?)
    case unknownNode(step: Int, id: Double)
    case invalidStep(step: Int, reason: String)

    public var description: String {
        switch self {
        case .malformed(let reason): "not a valid schedule file: \(reason)"
        case .wrongFormat(let format):
            "format is \(format.map { "'\($0)'" } ?? "missing"), expected 'checkmate-schedule'"
        case .unsupportedVersion(let version):
            "version \(version.map(String.init) ?? "is missing"); this build reads version 1"
        case .unknownNode(let step, let id): "step \(step): node \(id) is not in the graph"
        case .invalidStep(let step, let reason): "step \(step): \(reason)"
        }
    }
}
