import Testing
@testable import CheckmateAnalysis

@Suite struct BudgetSpecTests {
    /// Bytes, or a whole number of GiB: enough to see that sizes go through the caller's parser.
    static func size(_ text: String) -> Int? {
        text.hasSuffix("GiB") ? Int(text.dropLast(3)).map { $0 << 30 } : Int(text)
    }

    @Test func percentagesSpreadEvenlyOverTheReference() throws {
        let spec = try BudgetSpec(parsing: "30%:100%:8", size: Self.size)
        #expect(spec.needsReference)
        #expect(spec.budgets(reference: 1000) == [300, 400, 500, 600, 700, 800, 900, 1000])
        #expect(spec.budgets(reference: 12_345_678_901).last == 12_345_678_901)
    }

    @Test func sizesAndLists() throws {
        #expect(try BudgetSpec(parsing: "1GiB:4GiB:4", size: Self.size).budgets(reference: 0)
            == [1 << 30, 2 << 30, 3 << 30, 4 << 30])
        #expect(try BudgetSpec(parsing: "2GiB, 1000", size: Self.size).budgets(reference: 0) == [1000, 2 << 30])
        #expect(try BudgetSpec(parsing: "6000,50%", size: Self.size).budgets(reference: 10_000) == [5000, 6000])
        #expect(try !BudgetSpec(parsing: "7", size: Self.size).needsReference)
        #expect(try BudgetSpec(parsing: "10%:90%:1", size: Self.size).budgets(reference: 100) == [90])
    }

    @Test func repeatsCollapse() throws {
        #expect(try BudgetSpec(parsing: "50%:50%:3", size: Self.size).budgets(reference: 10) == [5])
    }

    @Test(arguments: ["", "30%:100%", "30%:100%:0", "30%:100%:x", "abc", "-5", "0", "0%", "-3%", "5XB", "1,,2", "nan%"])
    func rejectsWhatIsNotABudget(text: String) {
        #expect(throws: BudgetSpecError.self) { try BudgetSpec(parsing: text, size: Self.size) }
    }

    @Test func errorsNameThePart() {
        #expect(throws: BudgetSpecError.invalid("5XB", reason:
            "a budget is a size like 8GB, 512MiB or 1000000, or a share like 30%")) {
            try BudgetSpec(parsing: "1GiB,5XB", size: Self.size)
        }
    }
}
