import ArgumentParser
import Checkmate

/// `checkmate benchmark replay`: how long the replay of long schedules takes.
struct ReplayBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Time the replay of long schedules on the paper's chain graph.",
        discussion: """
            For each size, replays two schedules of about that many steps on a \
            chain: checkpoint-all (each node computed once) and checkpoint-last \
            (recomputation from scratch, quadratic in the chain's length), and \
            prints the best and median time of the repeats.
            """
    )

    @Option(help: "Approximate numbers of steps, comma-separated.")
    var steps = "10000,100000,1000000"

    @Option(parsing: .unconditional, help: "Replays of each schedule.")
    var repeats = 5

    func validate() throws {
        guard repeats > 0 else { throw ValidationError("--repeats must be positive") }
        guard let sizes = stepCounts, !sizes.isEmpty, sizes.allSatisfy({ $0 >= 100 && $0 <= 10_000_000 }) else {
            throw ValidationError("--steps must list whole numbers from 100 to 10000000, like 10000,100000")
        }
    }

    private var stepCounts: [Int]? {
        let sizes = steps.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        return sizes.contains(nil) ? nil : sizes.compactMap { $0 }
    }

    func run() throws {
        var rows: [[String]] = []
        for size in stepCounts ?? [] {
            // checkpoint-all takes four steps per forward node; checkpoint-last about length^2.
            let allGraph = TrainingGraph.chain(length: max(1, size / 4))
            let lastGraph = TrainingGraph.chain(length: max(1, Int(Double(size).squareRoot())))
            let cases = [
                ("checkpoint-all", allGraph, CheckpointAll().schedule(for: allGraph)),
                ("checkpoint-last", lastGraph, CheckpointLast().plan(for: lastGraph).schedule(for: lastGraph)),
            ]
            for (name, graph, schedule) in cases {
                Terminal.note("replaying \(name) on \(graph.name): \(schedule.steps.count) steps")
                var times: [Double] = []
                for _ in 0..<repeats {
                    let start = ContinuousClock.now
                    do {
                        _ = try graph.replay(schedule)
                    } catch {
                        throw Terminal.fail("internal error: the \(name) schedule does not replay: \(error)", code: 1)
                    }
                    times.append(Format.elapsed(since: start))
                }
                times.sort()
                let median = times[times.count / 2]
                rows.append([
                    name, graph.name, "\(graph.count)", "\(schedule.steps.count)",
                    Format.fixed(times[0] * 1000, digits: 3), Format.fixed(median * 1000, digits: 3),
                    Format.fixed(Double(schedule.steps.count) / median / 1e6, digits: 1),
                ])
            }
        }
        print(Format.table(
            header: ["schedule", "graph", "nodes", "steps", "best ms", "median ms", "Msteps/s"], rows: rows))
    }
}
