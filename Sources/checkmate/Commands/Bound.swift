import ArgumentParser
import Checkmate
import CheckmateAnalysis
import CheckmateCatalog

/// `checkmate bound`: lower bounds on cost and memory at a budget.
struct Bound: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print lower bounds on the cost of schedules within a budget, and on memory.",
        discussion: """
            Each cost bound says which schedules it covers. Over all schedules: the \
            sum of costs (every node computed once), raised by a knapsack at each \
            node's first computation: every earlier output that a later node must read \
            is then either held in the memory left or computed again, and the cheapest \
            such choice, relaxed, bounds the recomputation of every schedule. Also over \
            all schedules, the moment relaxation: a MILP that counts memory at the \
            first computation of each node of a longest path (of every few nodes, as \
            many as the time allows) and cost by the windows between them, so that it counts an output computed again and again, which \
            the knapsack counts once; solved first, with a third of --time-limit \
            (20 s without one), it prints the solver's bound where it stops. Over the \
            stage form of Checkmate's MILP (nodes first computed in the low-peak \
            topological order, see `checkmate strategies`): the optimum of its linear \
            relaxation, proven from the LP's duals (when the LP does not finish within \
            what is left of --time-limit, the bound its duals prove then), and the same knapsack with \
            the earlier outputs taken in that order; and the boundary LP, a smaller \
            relaxation that counts memory only when each stage computes its own node \
            and when it opens (a third of the columns, often the same bound; solved \
            first, the two LPs sharing what is left of --time-limit). A \
            schedule outside the stage form (dtr's, say) may cost less than the \
            stage-form bounds, never less than the \
            bound over all schedules. The memory lower bound is the most that any \
            single node needs while it runs; no schedule fits below it. The peak \
            lower bound follows that step back: a search over the sets of outputs \
            that must be live together (a node's inputs, then the inputs of the one \
            of them computed last, and so on) proves budgets that no schedule fits, \
            above the memory lower bound.

            Examples:
              checkmate bound examples/chain8.json --budget 60%
              checkmate bound random:50 --budget 200B --time-limit 60

            Exit status: 0 when the bounds are printed; 1 when a file cannot be read \
            or the solver fails; 2 when an input is invalid; 3 when no schedule fits \
            the budget (below the memory lower bound, or proven by that search or by \
            the moment relaxation having no point), or none of the stage form.
            """
    )

    @Argument(
        help: .graph,
        transform: GraphSource.parse)
    var graph: GraphSource

    @OptionGroup(title: "Graph options") var graphOptions: GraphOptions

    @OptionGroup var budgetOption: BudgetOption

    @OptionGroup(title: "Solver options")
    var solver: SolverOptions

    func run() throws {
        let graph = try graphOptions.load(self.graph)
        let bytes = try budgetOption.budget.bytesForCommand(graph)
        Terminal.note("bounding \(self.graph) (\(graph.count) nodes) within \(Format.bytes(bytes))")
        if let proof = PeakProof(graph, budget: bytes) {
            throw StrategyError.infeasible(budget: bytes, reason: proof.reason(in: graph)).reported()
        }
        // Without a proof the budget is at least the memory lower bound, where this bound exists.
        let allSchedules = graph.costLowerBound(budget: bytes)!
        func cost(_ bound: Double) -> String {
            "\(Format.cost(bound, in: graph)), \(Format.fixed(bound / max(graph.totalCost, 1e-300), digits: 3))x the sum of costs"
        }
        let order = StrategyCatalog.lpRounding.order.indices(in: graph)
        let knapsack = graph.costLowerBound(budget: bytes, firstComputedIn: order) ?? graph.totalCost
        let began = ContinuousClock.now
        /// The bound of a relaxation of the stage form, or why there is none,
        /// within what is left of the command's time limit.
        func relaxationBound(_ relaxation: LPRounding.Relaxation) throws -> String {
            var options = solver.solveOptions()
            options.timeLimit = options.timeLimit.map { max(0, $0 - Format.elapsed(since: began)) }
            if let limit = solver.timeLimit, limit > 0, let left = options.timeLimit, left <= 0 {
                return "none (no time left of the \(Format.number(limit)) s time limit)"
            }
            do {
                return cost(try StrategyCatalog.lpRounding.lowerBound(
                    graph, budget: bytes, options: options, relaxation: relaxation).cost)
            } catch .timedOut(_, let seconds, _, let partial, _) {
                let unfinished = "the LP did not finish within \(Format.number((seconds * 100).rounded() / 100)) s"
                if let partial, partial.cost > knapsack { return "\(cost(partial.cost)) (\(unfinished); from its duals then)" }
                return "none (\(unfinished))"
            } catch .unsupported(_, let reason) {
                return "not computed (\(reason))"
            } catch {
                throw error.reported()
            }
        }
        let moments = try momentBound(graph, budget: bytes, cost: cost)
        solver.noteUnboundedLP(on: graph, doing: "bound", bounded: "prints the bound its duals prove by then")
        // The two LPs share the time limit, the smaller first, so that the one likelier to finish gets the time.
        let boundaries = try relaxationBound(.boundaries)
        let lp = try relaxationBound(.formulation)
        Terminal.note("bisecting the peak lower bound: a search over live sets at each budget tried")
        let start = ContinuousClock.now
        let peak = graph.peakLowerBound()
        Terminal.note("peak lower bound \(Format.bytes(peak)) in \(Format.fixed(Format.elapsed(since: start), digits: 1)) s")
        print(Format.fields([
            ("graph", "\(self.graph) (\(graph.name), \(graph.count) nodes)"),
            ("budget", Format.bytes(bytes)),
            ("all schedules", cost(allSchedules)),
            ("all schedules, moments", moments),
            ("stage form, LP", lp),
            ("stage form, boundary LP", boundaries),
            ("stage form, knapsack", cost(knapsack)),
            ("sum of costs", Format.cost(graph.totalCost, in: graph)),
            ("memory lower bound", Format.bytes(graph.memoryLowerBound)),
            ("peak lower bound", "\(Format.bytes(peak)) (all schedules; a search over the sets of outputs live together)"),
        ]))
    }

    /// The ``MomentRelaxation``'s bound over all schedules, or why there is
    /// none, solved in rounds within ``momentShare`` of the time limit (or
    /// ``momentSecondsWithoutLimit``).
    private func momentBound(
        _ graph: TrainingGraph, budget: Int, cost: (Double) -> String
    ) throws -> String {
        let options = solver.solveOptions()
        let seconds = options.timeLimit.map { $0 * Self.momentShare } ?? Self.momentSecondsWithoutLimit
        let outcome: MomentRelaxation.RoundsOutcome
        do throws(StrategyError) {
            outcome = try MomentRelaxation.bound(
                on: graph, budget: budget, seconds: seconds, solver: StrategyCatalog.milp.solver, options: options,
                report: Terminal.note)
        } catch {
            throw error.reported()
        }
        if let reason = outcome.notBuilt { return "not computed (\(reason))" }
        let took = "\(Format.fixed(outcome.seconds, digits: 1)) s"
        let of = "\(outcome.moments) of \(outcome.pathCount) moments, "
            + "\(outcome.rounds) round\(outcome.rounds == 1 ? "" : "s")"
        guard let bound = outcome.bound else {
            let why = switch outcome.lastStatus {
            case .timeLimit, nil: "stopped at the time limit"
            case .other(let reason): "the solver stopped: \(reason)"
            case .optimal, .infeasible, .unbounded: "the solver proved none"
            }
            return "none (\(why) in \(took), \(of))"
        }
        return "\(cost(bound)) (\(outcome.proof { Format.cost($0, in: graph) }), \(took), \(of))"
    }

    /// The share of `--time-limit` that the moment relaxation may take, solved first.
    static let momentShare = 1.0 / 3
    /// Seconds it may take without a time limit.
    static let momentSecondsWithoutLimit = 20.0
}
