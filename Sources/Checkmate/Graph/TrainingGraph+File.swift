import Foundation

/// The `checkmate-graph` version 1 file format (see `shared/design/semantics.md`).
extension TrainingGraph {
    public static let fileFormat = "checkmate-graph"
    public static let fileVersion = 1

    private static let nodeFields: Set<String> = ["id", "name", "kind", "cost", "memory", "workspace", "inputs"]

    /// Reads a graph file's JSON.
    ///
    /// Nodes may come in any order; the graph keeps the file's order where it
    /// is topological and otherwise puts each node after its inputs.
    /// - Throws: ``GraphError`` naming the node and the rule it breaks.
    public init(json data: Data) throws(GraphError) {
        let root: [String: JSONValue]
        do {
            guard let object = try JSONDecoder().decode(JSONValue.self, from: data).object else {
                throw GraphError.malformed("the top level is not a JSON object")
            }
            root = object
        } catch let error as GraphError {
            throw error
        } catch {
            throw .malformed("invalid JSON (\(Self.reason(error)))")
        }
        guard root["format"]?.string == Self.fileFormat else { throw .wrongFormat(root["format"]?.string) }
        guard let version = root["version"]?.number, version == Double(Self.fileVersion) else {
            throw .unsupportedVersion(root["version"]?.number.map { Int($0) })
        }
        guard let entries = root["nodes"] else { throw .missingField(node: nil, field: "nodes") }
        guard let entries = entries.array else {
            throw .invalidField(node: nil, field: "nodes", reason: "is not an array")
        }
        let constantMemory = try Self.bytes(root["constantMemory"] ?? .number(0), node: nil, field: "constantMemory")
        let parsed = try entries.enumerated().map { (position, entry) throws(GraphError) in
            try Self.node(from: entry, position: position)
        }
        let order = try Self.topologicalOrder(parsed)
        var index = [Int: Int]()
        for (newIndex, old) in order.enumerated() { index[parsed[old].node.id] = newIndex }
        let nodes = order.map { old -> Node in
            var node = parsed[old].node
            node.inputs = parsed[old].inputIDs.map { index[$0]! }
            return node
        }
        try self.init(
            name: root["name"]?.string ?? "graph",
            costUnit: root["costUnit"]?.string ?? "seconds",
            constantMemory: constantMemory, nodes: nodes)
    }

    /// The graph as `checkmate-graph` JSON, metadata included, nodes in graph order.
    public func json() -> Data {
        let nodeObjects: [JSONValue] = nodes.map { node in
            var object = node.metadata
            object["id"] = .number(Double(node.id))
            object["name"] = .string(node.name)
            object["kind"] = .string(node.kind.rawValue)
            object["cost"] = .number(node.cost)
            object["memory"] = .number(Double(node.memory))
            if node.workspace > 0 { object["workspace"] = .number(Double(node.workspace)) }
            object["inputs"] = .array(node.inputs.map { .number(Double(nodes[$0].id)) })
            return .object(object)
        }
        let root: JSONValue = .object([
            "format": .string(Self.fileFormat),
            "version": .number(Double(Self.fileVersion)),
            "name": .string(name),
            "costUnit": .string(costUnit),
            "constantMemory": .number(Double(constantMemory)),
            "nodes": .array(nodeObjects),
        ])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try! encoder.encode(root)
    }

    private static func node(from entry: JSONValue, position: Int) throws(GraphError) -> (node: Node, inputIDs: [Int]) {
        guard let object = entry.object else {
            throw .invalidField(node: nil, field: "nodes[\(position)]", reason: "is not an object")
        }
        guard let idValue = object["id"] else { throw .missingField(node: nil, field: "nodes[\(position)].id") }
        guard let idNumber = idValue.number, idNumber == idNumber.rounded(), abs(idNumber) < 9e15 else {
            throw .invalidField(node: nil, field: "nodes[\(position)].id", reason: "is not a whole number")
        }
        let id = Int(idNumber)
        func required(_ field: String) throws(GraphError) -> JSONValue {
            guard let value = object[field] else { throw .missingField(node: id, field: field) }
            return value
        }
        guard let kindName = try required("kind").string, let kind = Node.Kind(rawValue: kindName) else {
            throw .invalidField(node: id, field: "kind", reason: "must be one of forward, loss, backward")
        }
        guard let cost = try required("cost").number else {
            throw .invalidField(node: id, field: "cost", reason: "is not a number")
        }
        let memory = try bytes(try required("memory"), node: id, field: "memory")
        let workspace = try bytes(object["workspace"] ?? .number(0), node: id, field: "workspace")
        guard let inputList = try required("inputs").array else {
            throw .invalidField(node: id, field: "inputs", reason: "is not an array")
        }
        var inputIDs: [Int] = []
        for input in inputList {
            guard let value = input.number, value == value.rounded(), abs(value) < 9e15 else {
                throw .invalidField(node: id, field: "inputs", reason: "holds something other than a node id")
            }
            inputIDs.append(Int(value))
        }
        let name: String
        if let value = object["name"] {
            guard let string = value.string else {
                throw .invalidField(node: id, field: "name", reason: "is not a string")
            }
            name = string
        } else {
            name = "node\(id)"
        }
        let metadata = object.filter { !nodeFields.contains($0.key) }
        return (Node(id: id, name: name, kind: kind, cost: cost, memory: memory,
                     workspace: workspace, inputs: [], metadata: metadata), inputIDs)
    }

    private static func bytes(_ value: JSONValue, node: Int?, field: String) throws(GraphError) -> Int {
        guard let number = value.number else { throw .invalidField(node: node, field: field, reason: "is not a number") }
        guard number.isFinite, number >= 0 else {
            throw .invalidField(node: node, field: field, reason: "must be finite and non-negative, not \(number)")
        }
        guard number == number.rounded(), number < 9e18 else {
            throw .invalidField(node: node, field: field, reason: "must be a whole number of bytes, not \(number)")
        }
        return Int(number)
    }

    /// Positions of `parsed` in an order where every node follows its inputs,
    /// as close to file order as a depth-first walk gives.
    private static func topologicalOrder(_ parsed: [(node: Node, inputIDs: [Int])]) throws(GraphError) -> [Int] {
        var position = [Int: Int]()
        for (index, entry) in parsed.enumerated() {
            guard position.updateValue(index, forKey: entry.node.id) == nil else {
                throw .duplicateID(entry.node.id)
            }
        }
        for entry in parsed {
            for input in entry.inputIDs where position[input] == nil {
                throw .danglingInput(node: entry.node.id, input: input)
            }
        }
        enum Mark { case unvisited, open, done }
        var mark = Array(repeating: Mark.unvisited, count: parsed.count)
        var order: [Int] = []
        order.reserveCapacity(parsed.count)
        for start in parsed.indices where mark[start] == .unvisited {
            var stack: [(vertex: Int, next: Int)] = [(start, 0)]
            mark[start] = .open
            while let top = stack.last {
                let inputs = parsed[top.vertex].inputIDs
                if top.next < inputs.count {
                    stack[stack.count - 1].next += 1
                    let input = position[inputs[top.next]]!
                    switch mark[input] {
                    case .unvisited:
                        mark[input] = .open
                        stack.append((input, 0))
                    case .open:
                        let path = stack.map(\.vertex)
                        let cycle = path[path.lastIndex(of: input)!...].reversed().map { parsed[$0].node.id }
                        throw .cycle(cycle + [cycle[0]])
                    case .done:
                        break
                    }
                } else {
                    mark[top.vertex] = .done
                    order.append(top.vertex)
                    stack.removeLast()
                }
            }
        }
        return order
    }

    private static func reason(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            return (context.underlyingError as NSError?)?.localizedDescription ?? context.debugDescription
        }
        return "\(error)"
    }
}
