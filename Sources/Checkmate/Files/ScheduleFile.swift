import Foundation

/// The `checkmate-schedule` version 1 file: a schedule and what its replay gave.
///
/// Steps name nodes by file `id`; in memory `schedule` uses graph indices,
/// and so does `stageFormBound`'s order.
public struct ScheduleFile: Hashable, Sendable {
    public static let format = "checkmate-schedule"
    public static let version = 1

    public var graph: String
    public var strategy: String
    public var budget: Int?
    public var peakMemory: Int?
    public var cost: Double?
    /// A bound on every schedule within the budget (`costLowerBound`).
    public var costLowerBound: Double?
    /// A bound on the stage form in one order (`stageFormCostLowerBound` and `stageOrder`).
    public var stageFormBound: StageFormBound?
    public var optimal: Bool
    /// The family in which `cost` is proven optimal (`optimalWithin`), when `optimal`.
    public var optimalWithin: ScheduleFamily?
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
        self.stageFormBound = solution.stageFormBound
        self.optimal = solution.isOptimal
        self.optimalWithin = solution.optimalAmong
        self.solveSeconds = solution.solveSeconds
        self.schedule = solution.schedule
    }

    /// Reads a schedule file against the graph whose ids its steps name.
    ///
    /// Only `format`, `version` and `steps` are required; the rest is what the
    /// writer claimed, which ``TrainingGraph/replay(_:)`` checks. Every field
    /// that is present must have its type and range.
    ///
    /// - Throws: ``ScheduleFileError`` naming the field or step.
    public init(json data: Data, graph: TrainingGraph) throws(ScheduleFileError) {
        let root: [String: JSONValue]
        do {
            root = try FileFormatError.object(in: data, format: Self.format, version: Self.version)
        } catch {
            throw .file(error)
        }
        var index = [Int: Int]()
        for (i, node) in graph.nodes.enumerated() { index[node.id] = i }
        func field<T>(_ name: String, _ read: (JSONValue) throws(FieldError) -> T) throws(ScheduleFileError) -> T? {
            guard let value = root[name] else { return nil }
            do { return try read(value) } catch { throw .invalidField(name, reason: error.reason) }
        }
        func node(_ value: JSONValue) throws(FieldError) -> Int {
            let id = try value.wholeNumber(in: 0...ByteCount.limit)
            guard let node = index[id] else { throw FieldError("names node \(id), which is not in the graph") }
            return node
        }
        guard let entries = try field("steps", { value throws(FieldError) -> [JSONValue] in
            guard let array = value.array else { throw FieldError("must be an array, not \(value.kindName)") }
            return array
        }) else { throw .missingField("steps") }
        var steps: [Schedule.Step] = []
        steps.reserveCapacity(entries.count)
        for (position, entry) in entries.enumerated() {
            guard let object = entry.object else { throw .invalidStep(step: position, reason: "must be an object, not \(entry.kindName)") }
            guard let op = object["op"], let id = object["node"] else {
                throw .invalidStep(step: position, reason: "needs fields 'op' and 'node'")
            }
            let v: Int
            do { v = try node(id) } catch { throw .invalidStep(step: position, reason: "field 'node' \(error.reason)") }
            switch op.string {
            case "compute": steps.append(.compute(v))
            case "free": steps.append(.free(v))
            default: throw .invalidStep(step: position, reason: "field 'op' must be \"compute\" or \"free\"")
            }
        }
        let bytes = { (value: JSONValue) throws(FieldError) in try value.wholeNumber(in: 0...ByteCount.limit) }
        let amount = { (value: JSONValue) throws(FieldError) in try value.number(in: 0...Double.greatestFiniteMagnitude) }
        self.graph = try field("graph") { value throws(FieldError) in try value.text() } ?? graph.name
        self.strategy = try field("strategy") { value throws(FieldError) in try value.text() } ?? "unknown"
        self.budget = try field("budget", bytes)
        self.peakMemory = try field("peakMemory", bytes)
        self.cost = try field("cost", amount)
        self.costLowerBound = try field("costLowerBound", amount)
        let stageCost = try field("stageFormCostLowerBound", amount)
        let stageOrder = try field("stageOrder") { value throws(FieldError) -> [Int] in
            guard let array = value.array else { throw FieldError("must be an array of node ids, not \(value.kindName)") }
            var order: [Int] = []
            for (place, entry) in array.enumerated() {
                do throws(FieldError) { order.append(try node(entry)) } catch { throw FieldError("entry \(place) \(error.reason)") }
            }
            return order
        }
        guard (stageCost == nil) == (stageOrder == nil) else {
            throw .invalidField(stageCost == nil ? "stageOrder" : "stageFormCostLowerBound",
                                reason: "needs 'stageFormCostLowerBound' and 'stageOrder' together")
        }
        self.stageFormBound = stageCost.map { StageFormBound(cost: $0, order: stageOrder!) }
        self.optimal = try field("optimal") { value throws(FieldError) in try value.boolean() } ?? false
        self.optimalWithin = try field("optimalWithin") { value throws(FieldError) in
            guard let family = ScheduleFamily(rawValue: try value.text()) else {
                throw FieldError("must be one of \(ScheduleFamily.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))")
            }
            return family
        }
        self.solveSeconds = try field("solveSeconds", amount)
        self.schedule = Schedule(steps: steps)
    }

    /// The file's JSON; steps name nodes by the ids of `graph`.
    public func json(graph nodes: TrainingGraph) -> Data {
        let id = { (v: Int) in JSONValue.number(Double(nodes.nodes[v].id)) }
        var root: [String: JSONValue] = [
            "format": .string(Self.format),
            "version": .number(Double(Self.version)),
            "graph": .string(graph),
            "strategy": .string(strategy),
            "optimal": .bool(optimal),
            "steps": .array(schedule.steps.map { step in
                switch step {
                case .compute(let i): .object(["op": .string("compute"), "node": id(i)])
                case .free(let i): .object(["op": .string("free"), "node": id(i)])
                }
            }),
        ]
        root["budget"] = budget.map { .number(Double($0)) }
        root["peakMemory"] = peakMemory.map { .number(Double($0)) }
        root["cost"] = cost.map { .number($0) }
        root["costLowerBound"] = costLowerBound.map { .number($0) }
        root["stageFormCostLowerBound"] = stageFormBound.map { .number($0.cost) }
        root["stageOrder"] = stageFormBound.map { .array($0.order.map(id)) }
        root["optimalWithin"] = optimalWithin.map { .string($0.rawValue) }
        root["solveSeconds"] = solveSeconds.map { .number($0) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try! encoder.encode(JSONValue.object(root))
    }
}

/// Why a schedule file was rejected before its replay.
public enum ScheduleFileError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file is not JSON, not an object, or of another format or version.
    case file(FileFormatError)
    /// A required top-level field is absent.
    case missingField(String)
    /// A top-level field has the wrong type or an out-of-range value.
    case invalidField(String, reason: String)
    /// A step is not an operation on a node of the graph.
    case invalidStep(step: Int, reason: String)

    public var description: String {
        switch self {
        case .file(let error): error.description
        case .missingField(let field): "field '\(field)' is missing"
        case .invalidField(let field, let reason): "field '\(field)' \(reason)"
        case .invalidStep(let step, let reason): "step \(step): \(reason)"
        }
    }
}
