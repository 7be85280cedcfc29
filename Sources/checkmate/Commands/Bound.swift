import ArgumentParser
import Checkmate
import CheckmateAnalysis

/// `checkmate bound`: lower bounds on cost and memory at a budget.
struct Bound: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print lower bounds on the cost of any schedule within a budget, and on memory.",
        discussion: """
            The LP lower bound is the optimum of the linear relaxation of Checkmate's \
            MILP at the budget: no schedule of the MILP's stage form (nodes first \
            computed in the low-peak topological order, see `checkmate strategies`) \
            costs less. The memory lower bound is the most that any single node needs \
            while it runs; no schedule fits below it.

            Examples:
              checkmate bound examples/chain8.json --budget 60%
              checkmate bound random:50 --budget 200B --time-limit 60

            Exit status: 0 when the bounds are printed; 1 when a file cannot be read \
            or the solver fails; 2 when an input is invalid; 3 when no schedule of \
            that form fits the budget or the LP does not finish within --time-limit.
            """
    )

    @Argument(
        help: .graph,
        transform: GraphSource.parse)
    var graph: GraphSource

    @OptionGroup(title: "Graph options") var graphOptions: GraphOptions

    @Option(
        help: ArgumentHelp("The memory budget, as for `checkmate solve`.", valueName: "budget"),
        transform: Budget.parse)
    var budget: Budget

    @OptionGroup(title: "Solver options")
    var solver: SolverOptions

    func run() throws {
        let graph = try graphOptions.load(self.graph)
        let bytes = budget.bytes(for: graph)
        Terminal.note("bounding \(self.graph) (\(graph.count) nodes) within \(Format.bytes(bytes))")
        let bound: Double
        do {
            bound = try StrategyCatalog.lpRounding.lowerBound(graph, budget: bytes, options: solver.solveOptions)
        } catch .timedOut(_, let seconds) {
            throw Terminal.fail("the LP relaxation did not finish within the \(Format.number(seconds)) s time limit", code: 3)
        } catch {
            throw error.reported()
        }
        print(Format.fields([
            ("graph", "\(self.graph) (\(graph.name), \(graph.count) nodes)"),
            ("budget", Format.bytes(bytes)),
            ("LP lower bound", "\(Format.cost(bound, in: graph)), \(Format.fixed(bound / max(graph.costLowerBound, 1e-300), digits: 3))x the sum of costs"),
            ("sum of costs", Format.cost(graph.costLowerBound, in: graph)),
            ("memory lower bound", Format.bytes(graph.memoryLowerBound)),
        ]))
    }
}
