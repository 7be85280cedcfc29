import Checkmate
import Foundation

/// Measured costs: seconds per node name, from a profiler run, applied to a training graph.
///
/// The file is one JSON object from node name to seconds,
/// `{"conv1_1": 0.0021, "conv1_1/grad": 0.0043, ...}`. Every node of the graph
/// must have a measurement; names the graph lacks are ignored, so one profile
/// can serve graphs that share most of their nodes.
///
///     let profile = try MeasuredProfile(json: data)
///     let measured = try profile.apply(to: graph)   // costUnit "seconds"
public struct MeasuredProfile: Hashable, Sendable {
    /// Seconds per node name.
    public var seconds: [String: Double]

    /// - Throws: ``ProfileError/invalidTime(name:value:)`` for a negative or non-finite time.
    public init(seconds: [String: Double]) throws(ProfileError) {
        for (name, value) in seconds where !(value.isFinite && value >= 0) {
            throw .invalidTime(name: name, value: "\(value)")
        }
        self.seconds = seconds
    }

    /// Reads a profile file's JSON.
    public init(json data: Data) throws(ProfileError) {
        let root: JSONValue
        do {
            root = try JSONValue(parsing: data)
        } catch {
            throw .malformed("not valid JSON: \(error)")
        }
        guard let object = root.object else {
            throw .malformed("the top level must be a JSON object of node names to seconds, not \(root.kindName)")
        }
        var seconds: [String: Double] = [:]
        for (name, value) in object {
            guard let number = value.number else { throw .invalidTime(name: name, value: value.kindName) }
            seconds[name] = number
        }
        try self.init(seconds: seconds)
    }

    /// `graph` with each node's cost replaced by its measured seconds.
    ///
    /// - Throws: ``ProfileError/missingNodes(_:)`` naming the nodes the profile
    ///   lacks, ``ProfileError/invalidGraph(_:)`` when the times add up past
    ///   `TrainingGraph/costLimit`.
    public func apply(to graph: TrainingGraph) throws(ProfileError) -> TrainingGraph {
        let missing = graph.nodes.map(\.name).filter { seconds[$0] == nil }
        guard missing.isEmpty else { throw .missingNodes(missing) }
        let nodes = graph.nodes.map { node in
            var node = node
            node.cost = seconds[node.name]!
            return node
        }
        do {
            return try TrainingGraph(name: graph.name, costUnit: "seconds", constantMemory: graph.constantMemory, nodes: nodes)
        } catch {
            throw .invalidGraph(error)
        }
    }
}

/// Why a measured profile could not be read or applied.
public enum ProfileError: Error, Hashable, Sendable, CustomStringConvertible {
    case malformed(String)
    /// A time that is negative, not finite or not a number.
    case invalidTime(name: String, value: String)
    /// Nodes of the graph the profile has no time for.
    case missingNodes([String])
    /// The graph with the measured times breaks a rule (their sum is too large).
    case invalidGraph(GraphError)

    public var description: String {
        switch self {
        case .malformed(let reason): "not a valid profile: \(reason)"
        case .invalidTime(let name, let value): "profile entry '\(name)': the time must be finite and non-negative seconds, not \(value)"
        case .missingNodes(let names):
            "the profile has no time for \(names.count) node\(names.count == 1 ? "" : "s"): "
                + names.prefix(5).map { "'\($0)'" }.joined(separator: ", ") + (names.count > 5 ? ", ..." : "")
        case .invalidGraph(let error): "with the profile's times, \(error)"
        }
    }
}
