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
            costs less; when the LP does not finish within --time-limit, the bound \
            that its duals prove at that point is printed instead. The knapsack \
            bound needs no solver: while a node is first computed, every earlier \
            output used later is either held in the memory left or computed again; \
            the cheapest such choice, relaxed, bounds the recomputation (it is the \
            one to read on graphs whose LP is too large). The LP lower bound \
            includes it. The memory lower bound is the most that any single node \
            needs while it runs; no schedule fits below it.

            Examples:
              checkmate bound examples/chain8.json --budget 60%
              checkmate bound random:50 --budget 200B --time-limit 60

            Exit status: 0 when the bounds are printed; 1 when a file cannot be read \
            or the solver fails; 2 when an input is invalid; 3 when no schedule of \
            that form fits the budget.
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
        func cost(_ bound: Double) -> String {
            "\(Format.cost(bound, in: graph)), \(Format.fixed(bound / max(graph.costLowerBound, 1e-300), digits: 3))x the sum of costs"
        }
        let ordered = graph.reordered(graph.lowPeakOrder)!
        let knapsack = graph.costLowerBound + (ordered.recomputationLowerBound(budget: bytes) ?? 0)
        let lp: String
        do {
            lp = cost(try StrategyCatalog.lpRounding.lowerBound(graph, budget: bytes, options: solver.solveOptions))
        } catch .timedOut(_, let seconds, let partial) {
            let unfinished = "the LP did not finish within \(Format.number(seconds)) s"
            if let partial, partial > knapsack {
                lp = "\(cost(partial)) (\(unfinished); from its duals then)"
            } else {
                lp = "none (\(unfinished))"
            }
        } catch {
            throw error.reported()
        }
        print(Format.fields([
            ("graph", "\(self.graph) (\(graph.name), \(graph.count) nodes)"),
            ("budget", Format.bytes(bytes)),
            ("LP lower bound", lp),
            ("knapsack bound", cost(knapsack)),
            ("sum of costs", Format.cost(graph.costLowerBound, in: graph)),
            ("memory lower bound", Format.bytes(graph.memoryLowerBound)),
        ]))
    }
}
