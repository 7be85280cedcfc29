import ArgumentParser
import Checkmate
import CheckmateAnalysis

/// `checkmate simulate`: replay a schedule file and measure it.
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replay a schedule on its graph and print its peak memory and cost.",
        discussion: """
            Replays every step of a checkmate-schedule file, from this tool or any \
            other, under the rules of a training step: a node's inputs must be in \
            memory when it is computed, only live outputs can be freed, and every \
            node is computed at least once. Prints the peak memory and the cost, \
            or the first step that breaks a rule.

            Example:
              checkmate solve examples/chain8.json --strategy griewank --budget 60% \\
                  --output schedule.json
              checkmate simulate examples/chain8.json schedule.json

            The cost lower bound printed holds for every schedule within the file's \
            budget (or the replayed peak, when the file states no budget).

            Exit status: 0 for a valid schedule within the budget the file states; 1 \
            when a file cannot be read; 2 when a file is invalid or the schedule \
            breaks a rule; 3 when the schedule is valid but peaks above the budget \
            the file states.
            """
    )

    @Argument(
        help: .graph,
        transform: GraphSource.parse)
    var graph: GraphSource

    @OptionGroup(title: "Graph options") var graphOptions: GraphOptions

    @Argument(help: ArgumentHelp("The checkmate-schedule JSON file to replay.", valueName: "schedule"))
    var schedule: String

    func run() throws {
        let graph = try graphOptions.load(self.graph)
        let file = try ScheduleFile.loadForCommand(schedule, graph: graph)
        if file.graph != graph.name {
            Terminal.note("warning: \(schedule) was made for graph '\(file.graph)', not '\(graph.name)'")
        }
        var rows = [("schedule", "\(schedule) (\(file.strategy), \(file.schedule.steps.count) steps)")]
        let replay: Replay
        do {
            replay = try graph.replay(file.schedule)
        } catch {
            let violation = error.description(in: graph)
            rows.append(("valid", "no: \(violation)"))
            print(Format.fields(rows))
            throw Terminal.fail("\(schedule): the schedule is invalid: \(violation)", code: 2)
        }
        rows += [
            ("valid", "yes"),
            ("peak", Format.bytes(replay.peakMemory)),
            ("cost", "\(Format.cost(replay.cost, in: graph)), overhead \(Format.fixed(replay.overhead(in: graph), digits: 3))x"),
        ]
        let bound = graph.costLowerBound(budget: max(file.budget ?? replay.peakMemory, replay.peakMemory)) ?? graph.totalCost
        rows.append(("lower bounds", "cost \(Format.cost(bound, in: graph)) (all schedules), memory \(Format.bytes(graph.memoryLowerBound))"))
        if let budget = file.budget {
            rows.append(("budget", "\(Format.bytes(budget)): " + (replay.peakMemory <= budget ? "fits" : "exceeded")))
        }
        print(Format.fields(rows))
        if let claimed = file.costLowerBound, claimed > replay.cost * (1 + 1e-9) + 1e-12 {
            Terminal.note("warning: \(schedule) claims the cost lower bound \(Format.number(claimed)), above the replayed cost "
                + "\(Format.number(replay.cost)): it is not a bound on this schedule")
        }
        if let claimed = file.peakMemory, claimed != replay.peakMemory {
            Terminal.note("warning: \(schedule) claims peak \(claimed) B; the replay gives \(replay.peakMemory) B")
        }
        if let claimed = file.cost, abs(claimed - replay.cost) > 1e-9 * max(1, abs(replay.cost)) {
            Terminal.note("warning: \(schedule) claims cost \(Format.number(claimed)); the replay gives \(Format.number(replay.cost))")
        }
        if let budget = file.budget, replay.peakMemory > budget {
            throw Terminal.fail("\(schedule): the schedule peaks at \(Format.bytes(replay.peakMemory)), "
                + "above the budget it states, \(Format.bytes(budget))", code: 3)
        }
    }
}
