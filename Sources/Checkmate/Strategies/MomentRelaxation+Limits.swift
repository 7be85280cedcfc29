extension MomentRelaxation {
    /// Why no schedule fits where the solver proves that the program has no point.
    public static let infeasibleReason = "the moment relaxation, which every schedule within the budget satisfies, has no point"

    /// The most columns, by ``columnBound(of:path:)``, for which the relaxation is built.
    public static let columnLimit = 250_000

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
