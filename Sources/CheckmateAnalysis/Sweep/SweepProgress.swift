import Checkmate

/// The progress line of a running sweep: cases done out of all, the cases
/// running, time elapsed and a rough estimate of the time left.
///
/// The estimate takes each strategy's remaining cases at the mean time of
/// its finished ones, and since a strategy's budgets run one after another,
/// it is the larger of the slowest strategy's remaining time and all
/// remaining time shared among the workers. Strategies with no finished
/// case yet are left out of it and counted as "not yet timed": a fast
/// baseline and a solver at its time limit differ too much to guess.
///
///     var progress = SweepProgress(strategies: ["milp"], budgets: budgets, workers: 2)
///     progress.start(strategy: "milp", budget: budgets[0], at: 0)
///     progress.finish(row, at: 12.5)
///     progress.line(at: 13)   // "sweep 1/8 | done milp at ... | running ... | about 1m28s left"
public struct SweepProgress: Sendable {
    public var strategies: [String]
    public var budgets: [Int]
    public var workers: Int
    public var referencePeak: Int?
    private var seconds: [String: [Double]] = [:]
    private var running: [String: (budget: Int, since: Double)] = [:]
    private var last: SweepRow?

    public init(strategies: [String], budgets: [Int], workers: Int, referencePeak: Int? = nil) {
        self.strategies = strategies
        self.budgets = budgets
        self.workers = max(1, workers)
        self.referencePeak = referencePeak
    }

    public var total: Int { strategies.count * budgets.count }
    public var done: Int { seconds.values.reduce(0) { $0 + $1.count } }

    /// Notes that `strategy` began its case at `budget`, `time` seconds into the sweep.
    public mutating func start(strategy: String, budget: Int, at time: Double) {
        running[strategy] = (budget, time)
    }

    /// Notes a finished case.
    public mutating func finish(_ row: SweepRow, at time: Double) {
        seconds[row.strategy, default: []].append(row.seconds)
        if running[row.strategy]?.budget == row.budget { running[row.strategy] = nil }
        last = row
    }

    /// Seconds the remaining cases of timed strategies will probably take,
    /// and how many strategies with cases left have no finished case yet.
    public func estimateLeft(at time: Double) -> (seconds: Double, untimed: Int) {
        var perStrategy: [Double] = []
        var untimed = 0
        for strategy in strategies {
            let times = seconds[strategy] ?? []
            let remaining = budgets.count - times.count
            guard remaining > 0 else { continue }
            guard !times.isEmpty else {
                untimed += 1
                continue
            }
            let spent = running[strategy].map { time - $0.since } ?? 0
            perStrategy.append(max(0, Double(remaining) * times.reduce(0, +) / Double(times.count) - spent))
        }
        return (max(perStrategy.max() ?? 0, perStrategy.reduce(0, +) / Double(workers)), untimed)
    }

    /// The progress line at `time` seconds into the sweep.
    public func line(at time: Double) -> String {
        var parts = ["sweep \(done)/\(total)"]
        if let last {
            let outcome = last.overhead.map { "overhead \(PlotAxis.format($0, decimals: 3))x" } ?? last.status.rawValue
            parts.append("done \(caseName(last.strategy, last.budget)): \(outcome) in \(Self.duration(last.seconds))")
        }
        let now = strategies.compactMap { strategy in
            running[strategy].map { "\(caseName(strategy, $0.budget)) for \(Self.duration(time - $0.since))" }
        }
        if !now.isEmpty { parts.append("running " + now.joined(separator: ", ")) }
        parts.append("elapsed \(Self.duration(time))")
        if done < total {
            let left = estimateLeft(at: time)
            let untimed = left.untimed == 0 ? "" : " (+ \(left.untimed) strateg\(left.untimed == 1 ? "y" : "ies") not yet timed)"
            parts.append(left.untimed == strategies.count ? "no estimate yet"
                : "about \(Self.duration(left.seconds)) left\(untimed)")
        }
        return parts.joined(separator: " | ")
    }

    func caseName(_ strategy: String, _ budget: Int) -> String {
        let share = referencePeak.map { " (\(Int((Double(budget) / Double($0) * 100).rounded()))%)" } ?? ""
        return "\(strategy) at \(ByteCount(budget))\(share)"
    }

    /// `42s`, `3m05s`, `1h02m`.
    static func duration(_ seconds: Double) -> String {
        let whole = Int(max(0, seconds).rounded())
        if seconds < 10 { return "\(PlotAxis.format(max(0, seconds), decimals: 1))s" }
        if whole < 60 { return "\(whole)s" }
        if whole < 3600 { return "\(whole / 60)m\(whole % 60 < 10 ? "0" : "")\(whole % 60)s" }
        return "\(whole / 3600)h\(whole % 3600 / 60 < 10 ? "0" : "")\(whole % 3600 / 60)m"
    }
}
