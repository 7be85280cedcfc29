import Foundation
import Testing
@testable import Checkmate

/// Hostile graph, schedule and profile files: one seeded case per class of
/// bad input that once trapped or was silently repaired, and seeded
/// mutations of valid files. A file is rejected with an error that names
/// the place and the rule, or read into a graph that keeps its invariant;
/// a trap fails the whole test run.
@Suite struct HostileFileTests {
    static func graph(_ nodes: [String], extra: String = "", version: String = "1") -> String {
        "{\"format\": \"checkmate-graph\", \"version\": \(version)\(extra), \"nodes\": [\(nodes.joined(separator: ", "))]}"
    }

    static func node(_ id: Int, cost: String = "1", memory: String = "4", inputs: String = "[]", kind: String = "forward") -> String {
        "{\"id\": \(id), \"kind\": \"\(kind)\", \"cost\": \(cost), \"memory\": \(memory), \"inputs\": \(inputs)}"
    }

    static func graphError(_ text: String) -> GraphError? {
        do {
            _ = try TrainingGraph(json: Data(text.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test func versionsThatAreNotOneAreNamedAsWritten() {
        for version in ["1e19", "1e300", "9223372036854775807", "1.5", "-1", "\"1\"", "null"] {
            let error = Self.graphError(Self.graph([Self.node(0)], version: version))
            guard case .file(.unsupportedVersion(1, let found?))? = error else {
                Issue.record("version \(version): \(String(describing: error))")
                continue
            }
            #expect(!found.isEmpty && error!.description.hasPrefix("version \(found) is not one this build reads"))
        }
        #expect(Self.graphError(Self.graph([Self.node(0)], version: "1.5"))?.description
            == "version 1.5 is not one this build reads (it reads version 1)")
    }

    @Test func bytesThatOverflowWhenAddedAreRefused() {
        let cases: [(String, String)] = [
            ("three nodes of 8.9e18 bytes", Self.graph((0..<3).map { Self.node($0, memory: "8900000000000000000") })),
            ("constantMemory 8.9e18", Self.graph([Self.node(0)], extra: ", \"constantMemory\": 8900000000000000000")),
            ("2^53 + 1 bytes", Self.graph([Self.node(0, memory: "9007199254740993")])),
            ("bytes that add past 2^53", Self.graph([Self.node(0, memory: "5000000000000000"),
                                                      Self.node(1, memory: "5000000000000000", inputs: "[0]")])),
        ]
        for (rule, text) in cases {
            let error = Self.graphError(text)
            #expect(error != nil, "\(rule)")
            #expect(error?.description.contains("9007199254740991") == true, "\(rule): \(String(describing: error))")
        }
    }

    @Test func costsThatSumPastTheLimitAreRefused() {
        let error = Self.graphError(Self.graph((0..<4).map { Self.node($0, cost: "1.7e308") }))
        #expect(error == .invalidField(node: 0, field: "cost", reason: "must be at most 1e+300, not 1.7e+308"))
        let sum = Self.graphError(Self.graph((0..<4).map { Self.node($0, cost: "4e299") }))
        #expect(sum == .exceedsLimit("the costs up to node 2 add up to more than 1e+300"))
    }

    @Test func silentRepairsAreErrors() {
        let cases: [(String, String, GraphError)] = [
            ("a repeated key", #"{"format": "checkmate-graph", "version": 1, "version": 2, "nodes": []}"#,
             .file(.notJSON(JSONParseError(line: 1, column: 45, reason: "key 'version' appears more than once in one object")))),
            ("a repeated input", Self.graph([Self.node(0), Self.node(1, inputs: "[0, 0]")]),
             .invalidField(node: 1, field: "inputs", reason: "lists node 0 more than once")),
            ("a name that is a number", Self.graph([#"{"id": 0, "name": 7, "kind": "forward", "cost": 1, "memory": 4, "inputs": []}"#]),
             .invalidField(node: 0, field: "name", reason: "must be a string, not a number")),
            ("a graph name that is an array", Self.graph([Self.node(0)], extra: ", \"name\": []"),
             .invalidField(node: nil, field: "name", reason: "must be a string, not an array")),
            ("a fractional id", Self.graph([Self.node(0), Self.node(1, inputs: "[0.5]")]),
             .invalidField(node: 1, field: "inputs", reason: "entry 0 must be a whole number, not 0.5")),
            ("a huge id", Self.graph(["{\"id\": 1e19, \"kind\": \"forward\", \"cost\": 1, \"memory\": 4, \"inputs\": []}"]),
             .invalidField(node: nil, field: "nodes[0].id", reason: "must be at most 9007199254740991, not 10000000000000000000")),
            ("a string for bytes", Self.graph([Self.node(0, memory: "\"4\"")]),
             .invalidField(node: 0, field: "memory", reason: "must be a whole number, not a string")),
        ]
        for (rule, text, expected) in cases {
            #expect(Self.graphError(text) == expected, "\(rule)")
        }
    }

    @Test func deepNestingAndBadJSONAreRejectedWithAPlace() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        guard case .file(.notJSON(let error))? = Self.graphError(deep) else { Issue.record("deep nesting"); return }
        #expect(error.reason == "nested deeper than 512 levels")
        guard case .file(.notJSON(let empty))? = Self.graphError("") else { Issue.record("empty"); return }
        #expect(empty.description == "line 1, column 1: the file ends where a value should be")
        guard case .file(.notJSON(let text))? = Self.graphError("{\n  \"format\": \"checkmate-graph\",\n  \"version\": 01}") else {
            Issue.record("leading zero"); return
        }
        #expect(text.line == 3 && text.reason == "a number may not start with 0")
    }

    /// A valid file with one value replaced at random, many times: rejected
    /// with a graph error, or a graph that keeps its invariant.
    @Test func mutatedGraphFilesNeverTrap() throws {
        let original = String(decoding: TrainingGraph.random(forwardCount: 6, seed: 3).json(), as: UTF8.self)
        let hostile = ["1e308", "-1e308", "1e19", "9007199254740993", "-0", "0.5", "\"x\"", "null", "[]", "{}", "true",
                       "18446744073709551616", "4503599627370496", "1.7976931348623157e308", "[0, 0]", "[-1]", "[1e300]"]
        let numbers = try NSRegularExpression(pattern: #"-?\d+(\.\d+)?(e[+-]?\d+)?|\[[^\[\]]*\]|"[a-z]+""#)
        let ranges = numbers.matches(in: original, range: NSRange(original.startIndex..., in: original)).map(\.range)
        var random = SplitMix64(seed: 17)
        var accepted = 0
        for _ in 0..<1500 {
            var text = original
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let range = Range(ranges.randomElement(using: &random)!, in: text)
                guard let range else { continue }
                text.replaceSubrange(range, with: hostile.randomElement(using: &random)!)
            }
            guard let graph = try? TrainingGraph(json: Data(text.utf8)) else { continue }
            accepted += 1
            #expect(graph.constantMemory + graph.activationMemory <= ByteCount.limit)
            #expect(graph.totalCost <= TrainingGraph.costLimit)
            #expect((try? graph.replay(CheckpointAll().schedule(for: graph))) != nil)
        }
        #expect(accepted > 0)
    }

    @Test func hostileScheduleFieldsAreNamed() {
        let graph = TrainingGraph.chain(length: 2)
        let steps = #""steps": [{"op": "compute", "node": 0}]"#
        let cases: [(String, ScheduleFileError)] = [
            ("\"version\": 1e19, \(steps)", .file(.unsupportedVersion(expected: 1, found: "10000000000000000000"))),
            ("\"version\": 1, \"budget\": 1e19, \(steps)",
             .invalidField("budget", reason: "must be at most 9007199254740991, not 10000000000000000000")),
            ("\"version\": 1, \"budget\": -1, \(steps)", .invalidField("budget", reason: "must not be negative, not -1")),
            ("\"version\": 1, \"budget\": 1.5, \(steps)", .invalidField("budget", reason: "must be a whole number, not 1.5")),
            ("\"version\": 1, \"peakMemory\": 1e300, \(steps)",
             .invalidField("peakMemory", reason: "must be at most 9007199254740991, not 1e+300")),
            ("\"version\": 1, \"peakMemory\": -1e300, \(steps)", .invalidField("peakMemory", reason: "must not be negative, not -1e+300")),
            ("\"version\": 1, \"optimal\": \"yes\", \(steps)", .invalidField("optimal", reason: "must be true or false, not a string")),
            ("\"version\": 1, \"stageOrder\": [0], \(steps)",
             .invalidField("stageOrder", reason: "needs 'stageFormCostLowerBound' and 'stageOrder' together")),
            ("\"version\": 1, \"steps\": [{\"op\": \"compute\", \"node\": 1e19}]",
             .invalidStep(step: 0, reason: "field 'node' must be at most 9007199254740991, not 10000000000000000000")),
            ("\"version\": 1", .missingField("steps")),
        ]
        for (body, expected) in cases {
            let text = "{\"format\": \"checkmate-schedule\", \(body)}"
            #expect(throws: expected, "\(body)") { try ScheduleFile(json: Data(text.utf8), graph: graph) }
        }
    }

    @Test func mutatedScheduleFilesNeverTrap() throws {
        let graph = TrainingGraph.random(forwardCount: 5, seed: 1)
        let solution = try ChenGreedy(linearized: false).solve(graph, budget: graph.checkpointAllPeak())
        let original = String(decoding: ScheduleFile(solution: solution, graph: graph).json(graph: graph), as: UTF8.self)
        let hostile = ["1e308", "-1e300", "1e19", "0.5", "\"compute\"", "\"free\"", "null", "[]", "-1", "99"]
        let values = try NSRegularExpression(pattern: #"-?\d+(\.\d+)?(e[+-]?\d+)?|"[a-z]+""#)
        let ranges = values.matches(in: original, range: NSRange(original.startIndex..., in: original)).map(\.range)
        var random = SplitMix64(seed: 23)
        for _ in 0..<1500 {
            var text = original
            let range = Range(ranges.randomElement(using: &random)!, in: text)!
            text.replaceSubrange(range, with: hostile.randomElement(using: &random)!)
            guard let file = try? ScheduleFile(json: Data(text.utf8), graph: graph) else { continue }
            // Read: the replay judges it, with a rule error or numbers.
            if let replay = try? graph.replay(file.schedule) {
                #expect(replay.peakMemory <= graph.constantMemory + graph.activationMemory)
            }
        }
    }
}
