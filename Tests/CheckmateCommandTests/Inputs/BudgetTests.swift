@testable import checkmate
import Checkmate
import CheckmateAnalysis
import Testing

@Suite struct BudgetTests {
    @Test(arguments: [
        ("12884901888", Budget.bytes(12_884_901_888)),
        ("12GiB", .bytes(12 << 30)),
        ("12 gib", .bytes(12 << 30)),
        ("800MB", .bytes(800_000_000)),
        ("1.5KiB", .bytes(1536)),
        ("2kB", .bytes(2000)),
        ("0.5TB", .bytes(500_000_000_000)),
        ("7B", .bytes(7)),
        ("60%", .shareOfCheckpointAll(0.6)),
        (" 150 % ", .shareOfCheckpointAll(1.5)),
        ("1.1x", .multipleOfMemoryLowerBound(1.1)),
        (" 2 X ", .multipleOfMemoryLowerBound(2)),
    ])
    func parses(text: String, expected: Budget) throws {
        #expect(try Budget(parsing: text) == expected)
    }

    @Test(arguments: ["", "GiB", "12XB", "1.5", "-3", "-3GiB", "0%", "-5%", "abc%", "1e3", "12 G", "99999999999TiB",
                     "x", "0x", "-1.1x", "nanx", "2e7x"])
    func rejects(text: String) {
        #expect(throws: BudgetError.self) { try Budget(parsing: text) }
    }

    @Test func aShareIsOfTheCheckpointAllPeak() throws {
        // The checkpoint-all peak of chain(8) is k + 2 = 10.
        let graph = TrainingGraph.chain(length: 8)
        #expect(try Budget(parsing: "60%").bytes(for: graph) == 6)
        #expect(try Budget(parsing: "100%").bytes(for: graph) == 10)
        #expect(try Budget(parsing: "12").bytes(for: graph) == 12)
    }

    @Test func aMultipleIsOfTheMemoryLowerBound() throws {
        // chain(8)'s largest node to run is a gradient with its two inputs: 3 bytes, plus 1 of output.
        let graph = TrainingGraph.chain(length: 8)
        #expect(graph.memoryLowerBound == 4)
        #expect(try Budget(parsing: "1.1x").bytes(for: graph) == 4)
        #expect(try Budget(parsing: "1.5x").bytes(for: graph) == 6)
        #expect(try Budget(parsing: "2x").bytes(for: graph) == 8)
    }

    @Test func errorsSayWhatIsWrong() {
        #expect(throws: BudgetError(text: "12XB", reason: "unknown unit 'xb'; use B, KB, MB, GB, TB (powers of 1000) or KiB, MiB, GiB, TiB (powers of 1024)")) {
            try Budget(parsing: "12XB")
        }
    }
}
