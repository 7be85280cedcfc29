@testable import checkmate
import Checkmate
import Testing
import CheckmateAnalysis

@Suite struct BudgetSpecTests {

    @Test func percentagesSpreadEvenlyOverTheReference() throws {
        let spec = try BudgetSpec(parsing: "30%:100%:8")
        #expect(spec.needsReference)
        #expect(try spec.budgets(reference: 1000) == [300, 400, 500, 600, 700, 800, 900, 1000])
        #expect(try spec.budgets(reference: 12_345_678_901).last == 12_345_678_901)
    }

    @Test func sizesAndLists() throws {
        #expect(try BudgetSpec(parsing: "1GiB:4GiB:4").budgets(reference: 0)
            == [1 << 30, 2 << 30, 3 << 30, 4 << 30])
        #expect(try BudgetSpec(parsing: "2GiB, 1000,1.5GB").budgets(reference: 0) == [1000, 1_500_000_000, 2 << 30])
        #expect(try BudgetSpec(parsing: "6000,50%").budgets(reference: 10_000) == [5000, 6000])
        #expect(try !BudgetSpec(parsing: "7").needsReference)
        #expect(try BudgetSpec(parsing: "10%:90%:1").budgets(reference: 100) == [90])
    }

    @Test func multiplesNeedTheMemoryLowerBound() throws {
        let spec = try BudgetSpec(parsing: "1.1x:2x:3")
        #expect(try spec.budgets(reference: 1000, memoryLowerBound: 100) == [110, 155, 200])
        #expect(throws: BudgetError.self) { try spec.budgets(reference: 1000) }
    }

    @Test func repeatsCollapse() throws {
        #expect(try BudgetSpec(parsing: "50%:50%:3").budgets(reference: 10) == [5])
    }

    @Test(arguments: ["", "30%:100%", "30%:100%:0", "30%:100%:x", "abc", "-5", "0%", "-3%", "5XB", "1,,2", "nan%"])
    func rejectsWhatIsNotABudget(text: String) {
        #expect(throws: BudgetSpecError.self) { try BudgetSpec(parsing: text) }
    }

    @Test func errorsNameThePart() throws {
        #expect(throws: BudgetSpecError.invalid("1GiB,5XB", reason: try #require(Self.budgetError("5XB")))) {
            try BudgetSpec(parsing: "1GiB,5XB")
        }
    }

    /// A sweep's budgets are exactly `solve --budget`'s.
    @Test func partsReadAsSolveBudgets() throws {
        let graph = TrainingGraph.random(forwardCount: 9, seed: 2)
        let reference = CheckpointAll().peakMemory(of: graph)
        for text in ["37%", "55.5%", "100%", "123456", "3KiB"] {
            #expect(try BudgetSpec(parsing: text).budgets(reference: reference) == [try Budget(parsing: text).bytes(for: graph)])
        }
    }

    static func budgetError(_ text: String) -> String? {
        do { _ = try Budget(parsing: text); return nil } catch { return error.description }
    }
}
