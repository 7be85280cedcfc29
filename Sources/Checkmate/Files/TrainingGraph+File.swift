import Foundation

/// The `checkmate-graph` version 1 file format (see docs/file-formats.md).
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
            root = try FileFormatError.object(in: data, format: Self.fileFormat, version: Self.fileVersion)
        } catch {
            throw .file(error)
        }
        guard let entries = root["nodes"] else { throw .missingField(node: nil, field: "nodes") }
        guard let entries = entries.array else {
            throw .invalidField(node: nil, field: "nodes", reason: "must be an array, not \(entries.kindName)")
        }
        func optional<T>(_ field: String, _ read: (JSONValue) throws(FieldError) -> T) throws(GraphError) -> T? {
            guard let value = root[field] else { return nil }
            do { return try read(value) } catch { throw .invalidField(node: nil, field: field, reason: error.reason) }
        }
        let constantMemory = try optional("constantMemory") { value throws(FieldError) in
            try value.wholeNumber(in: 0...ByteCount.limit)
        } ?? 0
        let name = try optional("name") { value throws(FieldError) in try value.text() } ?? "graph"
        let costUnit = try optional("costUnit") { value throws(FieldError) in try value.text() } ?? "seconds"
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
        try self.init(name: name, costUnit: costUnit, constantMemory: constantMemory, nodes: nodes)
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
            throw .invalidField(node: nil, field: "nodes[\(position)]", reason: "must be an object, not \(entry.kindName)")
        }
        guard let idValue = object["id"] else { throw .missingField(node: nil, field: "nodes[\(position)].id") }
        let id: Int
        do {
            id = try idValue.wholeNumber(in: 0...ByteCount.limit)
        } catch {
            throw .invalidField(node: nil, field: "nodes[\(position)].id", reason: error.reason)
        }
        func required<T>(_ field: String, _ read: (JSONValue) throws(FieldError) -> T) throws(GraphError) -> T {
            guard let value = object[field] else { throw .missingField(node: id, field: field) }
            do { return try read(value) } catch { throw .invalidField(node: id, field: field, reason: error.reason) }
        }
        func optional<T>(_ field: String, _ read: (JSONValue) throws(FieldError) -> T) throws(GraphError) -> T? {
            guard object[field] != nil else { return nil }
            return try required(field, read)
        }
        let kind = try required("kind") { value throws(FieldError) in
            guard let kind = Node.Kind(rawValue: try value.text()) else {
                throw FieldError("must be one of forward, loss, backward")
            }
            return kind
        }
        let cost = try required("cost") { value throws(FieldError) in try value.number(in: 0...TrainingGraph.costLimit) }
        let memory = try required("memory") { value throws(FieldError) in try value.wholeNumber(in: 0...ByteCount.limit) }
        let workspace = try optional("workspace") { value throws(FieldError) in
            try value.wholeNumber(in: 0...ByteCount.limit)
        } ?? 0
        let inputIDs = try required("inputs") { value throws(FieldError) -> [Int] in
            guard let list = value.array else { throw FieldError("must be an array of node ids, not \(value.kindName)") }
            var ids: [Int] = []
            var listed = Set<Int>()
            for (place, input) in list.enumerated() {
                let id: Int
                do throws(FieldError) { id = try input.wholeNumber(in: 0...ByteCount.limit) } catch { throw FieldError("entry \(place) \(error.reason)") }
                guard listed.insert(id).inserted else { throw FieldError("lists node \(id) more than once") }
                ids.append(id)
            }
            return ids
        }
        let name = try optional("name") { value throws(FieldError) in try value.text() } ?? "node\(id)"
        let metadata = object.filter { !nodeFields.contains($0.key) }
        return (Node(id: id, name: name, kind: kind, cost: cost, memory: memory,
                     workspace: workspace, inputs: [], metadata: metadata), inputIDs)
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
}
