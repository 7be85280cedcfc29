import Checkmate
import Testing
@testable import CheckmateAnalysis

@Suite struct SweepProgressTests {
    func row(_ strategy: String, _ budget: Int, seconds: Double, overhead: Double? = 1.25) -> SweepRow {
        var row = SweepRow(strategy: strategy, budget: budget, error: .doesNotFit(strategy: strategy, budget: budget, leastPeak: nil),
                           seconds: seconds)
        if let overhead {
            row.overhead = overhead
            row.status = .ok
        }
        return row
    }

    @Test func lineShowsCountsRunningCasesAndTimes() {
        var progress = SweepProgress(strategies: ["milp", "greedy"], budgets: [1 << 30, 2 << 30], workers: 2,
                                     referencePeak: 2 << 30)
        progress.start(strategy: "milp", budget: 1 << 30, at: 0)
        progress.start(strategy: "greedy", budget: 1 << 30, at: 0)
        #expect(progress.line(at: 1) == "sweep 0/4 | running milp at 1.0 GiB (50%) for 1.0s, greedy at 1.0 GiB (50%) for 1.0s"
            + " | elapsed 1.0s | no estimate yet")
        progress.start(strategy: "greedy", budget: 2 << 30, at: 2)
        progress.finish(row("greedy", 1 << 30, seconds: 2), at: 2)
        let line = progress.line(at: 3)
        #expect(line == "sweep 1/4 | done greedy at 1.0 GiB (50%): overhead 1.250x in 2.0s"
            + " | running milp at 1.0 GiB (50%) for 3.0s, greedy at 2.0 GiB (100%) for 1.0s"
            + " | elapsed 3.0s | about 1.0s left (+ 1 strategy not yet timed)")
    }

    @Test func theNextBudgetStartsBeforeThePreviousOneIsDone() {
        var progress = SweepProgress(strategies: ["milp"], budgets: [1 << 30, 2 << 30], workers: 1)
        progress.start(strategy: "milp", budget: 1 << 30, at: 0)
        progress.start(strategy: "milp", budget: 2 << 30, at: 4)
        progress.finish(row("milp", 1 << 30, seconds: 4), at: 4)
        #expect(progress.line(at: 5).contains("running milp at 2.0 GiB for 1.0s"))
        #expect(progress.line(at: 5).hasSuffix("about 3.0s left"))
    }

    @Test func estimateUsesEachStrategysMeanAndTheWorkers() {
        var progress = SweepProgress(strategies: ["a", "b", "c"], budgets: [1, 2, 3, 4, 5], workers: 2)
        // a: 2 done at 10 s each, 3 left = 30 s. b: 1 done at 2 s, 4 left = 8 s. c: not timed.
        progress.finish(row("a", 1, seconds: 10), at: 10)
        progress.finish(row("a", 2, seconds: 10), at: 20)
        progress.finish(row("b", 1, seconds: 2), at: 2)
        #expect(progress.estimateLeft(at: 20) == (30, 1))
        var one = progress
        one.workers = 1
        #expect(one.estimateLeft(at: 20).seconds == 38)
        // Time already spent on a running case counts against its estimate.
        progress.start(strategy: "a", budget: 3, at: 20)
        #expect(progress.estimateLeft(at: 24).seconds == 26)
    }

    @Test func durations() {
        #expect(SweepProgress.duration(0.25) == "0.2s" || SweepProgress.duration(0.25) == "0.3s")
        #expect(SweepProgress.duration(42) == "42s")
        #expect(SweepProgress.duration(185) == "3m05s")
        #expect(SweepProgress.duration(3720) == "1h02m")
    }
}
