import ArgumentParser

/// `checkmate benchmark`: timings printed as tables.
struct Benchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure how fast schedules replay and strategies solve, and how large a batch fits.",
        discussion: """
            Speed targets are measured here rather than in the tests. Build in \
            release mode for meaningful numbers:
              swift build -c release
              .build/release/checkmate benchmark replay
            """,
        subcommands: [ReplayBenchmark.self, StrategyBenchmark.self, SolverBenchmark.self, SolverBenchmarkCase.self,
                      MaxBatchBenchmark.self, RuntimeBenchmark.self]
    )
}
