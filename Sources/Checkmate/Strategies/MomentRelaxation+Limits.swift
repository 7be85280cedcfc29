extension MomentRelaxation {
    /// Why no schedule fits where the solver proves that the program has no point.
    public static let infeasibleReason = "the moment relaxation, which every schedule within the budget satisfies, has no point"

    /// The most columns, by ``columnBound(of:path:)``, for which the relaxation is built.
    public static let columnLimit = 250_000

    /// Columns, by ``columnBound(of:path:)``, that HiGHS gets a second for so
    /// that its bound rises above the knapsack's in the time. Given 10 s at
    /// 1.1x (batch 32): on ResNet50 (88,992 columns) every moment of the
    /// longest path raised no bound, and one in 2 to 8 raised it by 0 to 4.1%
    /// (which moments are kept matters more than how many); on ShuffleNet one
    /// in 2 to 6 raised it by about 1% where all of them lowered it; on
    /// MobileNet (22,103) all of them did best (3.7%), and on Inception v1
    /// one in two did as well as all. (Measured at 2,500 before the window
    /// rows' `K` columns added half as many again; with them, the same
    /// moments do as well, and a third fewer lowered ResNet50's bound by 2%.)
    public static let columnsPerSecond = 3_750.0

    /// The stride that thins `path` to about `seconds` × ``columnsPerSecond``
    /// columns, at most the path's length (two moments).
    static func stride(of graph: TrainingGraph, path: [Int], seconds: Double) -> Int {
        let columns = Double(columnBound(of: graph, path: path)) / (seconds * columnsPerSecond)
        return columns < Double(path.count) ? max(1, Int(columns.rounded(.up))) : max(path.count, 1)
    }

    /// Why the relaxation of `graph` within `budget` on `path` is not worth
    /// building, or nil when it is: where the checkpoint-all schedule fits
    /// (the sum of costs is then the optimum), or where its program would have
    /// more than ``columnLimit`` columns or not fit in `options.programMemoryLimit`.
    ///
    /// - Complexity: O(*n* + *e*), a replay of the checkpoint-all schedule.
    public static func reasonNotBuilt(
        on graph: TrainingGraph, budget: Int, path: [Int], options: SolveOptions
    ) -> String? {
        let columns = columnBound(of: graph, path: path)
        let bytes = StageProblem.estimatedBytes(columns: columns)
        if graph.checkpointAllPeak() <= budget {
            return "the checkpoint-all schedule fits, so the sum of costs is the optimum"
        }
        if columns > columnLimit {
            return "up to \(columns) columns, more than the \(columnLimit) it is built for"
        }
        if bytes > options.programMemoryLimit {
            return "a program of about \(ByteCount(bytes)), more than the \(ByteCount(options.programMemoryLimit)) allowed"
        }
        return nil
    }
}
