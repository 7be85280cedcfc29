@testable import checkmate
import Checkmate
import CheckmateAnalysis
import Foundation
import Testing

@Suite struct GraphSourceTests {
    @Test func argumentsNameFilesOrBuiltInGraphs() throws {
        #expect(try GraphSource(argument: "graphs/vgg.json") == .file(path: "graphs/vgg.json"))
        #expect(try GraphSource(argument: "./chain:8") == .file(path: "./chain:8"))
        #expect(try GraphSource(argument: "chain:8") == .chain(length: 8))
        #expect(try GraphSource(argument: "random:500") == .random(forwardCount: 500, seed: 1))
        #expect(try GraphSource(argument: "random:50:7") == .random(forwardCount: 50, seed: 7))
        #expect(try GraphSource(argument: "chain:8").load() == .chain(length: 8))
    }

    @Test(arguments: ["chain:0", "chain:x", "chain:", "chain:3:4", "random:-1", "random:5:x", "random:1:2:3"])
    func badBuiltInsAreInvalid(argument: String) {
        #expect {
            try GraphSource(argument: argument)
        } throws: { error in
            (error as? InputError)?.kind == .invalid
        }
    }

    @Test func aMissingFileIsUnreadable() {
        #expect(throws: InputError(.unreadable, source: "/nonexistent/graph.json", message: "no such file")) {
            try GraphSource.file(path: "/nonexistent/graph.json").load()
        }
        #expect(InputError(.unreadable, source: "a", message: "b").exitCode == 1)
        #expect(InputError(.invalid, source: "a", message: "b").exitCode == 2)
    }

    @Test func anInvalidFileNamesTheFileNodeAndRule() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("checkmate-source-\(getpid()).json").path
        try Data(#"{"format": "checkmate-graph", "version": 1, "nodes": [{"id": 3, "kind": "forward", "cost": 1, "memory": 1, "inputs": [9]}]}"#.utf8)
            .write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: InputError(.invalid, source: path, message: "node 3: input 9 is not the id of any node")) {
            try GraphSource.file(path: path).load()
        }
    }
}
