import Testing
@testable import CheckmateAnalysis

@Suite struct BudgetSpecTests {
    @Test func percentagesSpreadEvenlyOverTheReference() throws {
        let spec = try BudgetSpec(parsing: "30%:100%:8")
        #expect(spec.needsReference)
        #expect(spec.budgets(reference: 1000) == [300, 400, 500, 600, 700, 800, 900, 1000])
        #expect(spec.budgets(reference: 12_345_678_901).last == 12_345_678_901)
    }

    @Test func sizesAndLists() throws {
        #expect(try BudgetSpec(parsing: "1GiB:4GiB:4").budgets(reference: 0) == [1 << 30, 2 << 30, 3 << 30, 4 << 30])
        #expect(try BudgetSpec(parsing: "2GB, 512MiB,1000").budgets(reference: 0) == [1000, 512 << 20, 2_000_000_000])
        #expect(try BudgetSpec(parsing: "6kb,50%").budgets(reference: 10_000) == [5000, 6000])
        #expect(try !BudgetSpec(parsing: "1.5GB").needsReference)
        #expect(try BudgetSpec(parsing: "1.5GB").budgets(reference: 0) == [1_500_000_000])
        #expect(try BudgetSpec(parsing: "10%:90%:1").budgets(reference: 100) == [90])
    }

    @Test func repeatsCollapse() throws {
        #expect(try BudgetSpec(parsing: "50%:50%:3").budgets(reference: 10) == [5])
    }

    @Test(arguments: ["", "30%:100%", "30%:100%:0", "30%:100%:x", "abc", "-5GB", "0%", "5XB", "1,,2", "1e30GB", "nan%"])
    func rejectsWhatIsNotABudget(text: String) {
        #expect(throws: BudgetSpecError.self) { try BudgetSpec(parsing: text) }
    }

    @Test func errorsNameThePart() {
        #expect(throws: BudgetSpecError.invalid("5XB", reason:
            "a budget is a size like 8GB, 512MiB or 1000000, or a share like 30%")) {
            try BudgetSpec(parsing: "1GB,5XB")
        }
    }
}
