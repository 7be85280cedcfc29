import Foundation
import Testing

/// `solve --strategy milp|lp-rounding` and `bound`, run as a separate process.
@Suite struct SolverCommandTests {
    @Test func milpProvesOptimalityAndLPRoundingStaysAboveTheBound() throws {
        // chain(8) at 6 B: the LP bound is 21, which Griewank's two slots reach.
        let milp = try CommandRunner.run(["solve", "examples/chain8.json", "--strategy", "milp", "--budget", "60%"])
        #expect(milp.status == 0, "\(milp.stderr)")
        #expect(milp.stdout.contains("cost          21 units"))
        #expect(milp.stdout.contains("gap           0.00% above the bound over all schedules"))
        #expect(milp.stdout.contains("optimal       yes, among all schedules"))
        #expect(milp.stderr.contains("milp: the moment relaxation's point, read as a schedule, fits and meets its bound; no solve needed"))
        let rounding = try CommandRunner.run([
            "solve", "examples/chain8.json", "--strategy", "lp-rounding", "--budget", "60%", "--samples", "4", "--seed", "3",
        ])
        #expect(rounding.status == 0, "\(rounding.stderr)")
        #expect(rounding.stdout.contains("lower bounds  cost 21 units (all schedules), memory 4 B"))
        let bound = try CommandRunner.run(["bound", "examples/chain8.json", "--budget", "60%"])
        #expect(bound.status == 0, "\(bound.stderr)")
        #expect(bound.stdout.contains("all schedules            21 units, 1.235x the sum of costs"))
        #expect(bound.stdout.contains("all schedules, moments   21 units, 1.235x the sum of costs (its optimum, "))
        #expect(bound.stdout.contains("stage form, LP           21 units, 1.235x the sum of costs"))
        #expect(bound.stdout.contains("stage form, boundary LP  21 units, 1.235x the sum of costs"))
        #expect(bound.stdout.contains("stage form, knapsack     21 units, 1.235x the sum of costs"))
        #expect(bound.stdout.contains("sum of costs             17 units"))
        #expect(bound.stdout.contains("memory lower bound       4 B"))
        let stopped = try CommandRunner.run(["bound", "examples/chain8.json", "--budget", "60%", "--time-limit", "0"])
        #expect(stopped.status == 0, "\(stopped.stderr)")
        #expect(stopped.stdout.contains("stage form, LP           none (the LP did not finish within 0 s)"))
        #expect(stopped.stdout.contains("stage form, boundary LP  none (the LP did not finish within 0 s)"))
        #expect(stopped.stdout.contains("stage form, knapsack     21 units"))
        #expect(stopped.stdout.contains("all schedules, moments   none (stopped at the time limit in 0.0 s, 2 of 10 moments, 1 round)"))
        // Where the knapsack finds room for all but two recomputations, the moments count all three.
        let chain = try CommandRunner.run(["bound", "chain:4", "--budget", "4"])
        #expect(chain.stdout.contains("all schedules            11 units"))
        #expect(chain.stdout.contains("all schedules, moments   12 units, 1.333x the sum of costs (its optimum, "))
    }

    @Test func boundsLPsShareTheTimeLimit() throws {
        // The boundary LP solves in a tenth of a second; the larger LP after it gets only what is left.
        let result = try CommandRunner.run(["bound", "layered:100", "--budget", "80%", "--time-limit", "1"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("stage form, boundary LP  48273.8 units, 1.027x the sum of costs"))
        let line = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("stage form, LP ") })
        if let range = line.range(of: "did not finish within ") {
            let seconds = try #require(Double(line[range.upperBound...].prefix { $0 != " " }))
            #expect(seconds < 1, "\(line)")
        } else {
            #expect(line.contains("1.0"), "\(line)")
        }
    }

    @Test func aTimeOutSaysTheGap() throws {
        let result = try CommandRunner.run(["solve", "random:6:2", "--strategy", "milp", "--budget", "37", "--time-limit", "0", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["optimal"] as? Bool == false)
        #expect((object["gap"] as? Double ?? 0) > 0)
        // With no time even the warm starts do not run: the lean plan the MILP starts from (keep only
        // what the backward pass makes) stands, at 209; with a second, the best warm start's 83 or less.
        #expect(object["cost"] as? Int == 209)
        let second = try CommandRunner.run(["solve", "random:6:2", "--strategy", "milp", "--budget", "37", "--time-limit", "1", "--json"])
        let within = try #require(try JSONSerialization.jsonObject(with: Data(second.stdout.utf8)) as? [String: Any])
        #expect(try #require(within["cost"] as? Int) <= 83)
    }

    @Test func aScheduleBelowTheStageFormBoundIsNotCalledOptimal() throws {
        // The search outside the stage form finds 64 here; no schedule of the MILP's stage form costs less than 79.
        let result = try CommandRunner.run(["solve", "random:5:31", "--strategy", "milp", "--budget", "80%", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let cost = try #require(object["cost"] as? Double), bound = try #require(object["costLowerBound"] as? Double)
        let stage = try #require(object["stageFormCostLowerBound"] as? Double)
        #expect(cost < stage && bound < cost)
        #expect(object["optimal"] as? Bool == false && object["optimalWithin"] == nil)
        // The moment relaxation's bound over all schedules, 60 (the knapsack's is 57), leaves a gap of 6.25%.
        #expect(bound == 60 && (object["gap"] as? Double ?? 0) > 0.06 && (object["stageFormGap"] as? Double ?? 0) < 0)
        let text = try CommandRunner.run(["solve", "random:5:31", "--strategy", "milp", "--budget", "80%"])
        #expect(text.stdout.contains("this schedule lies outside that form and costs less"))
        #expect(text.stdout.contains("optimal       not proven"))
    }

    @Test func infeasibleBudgetsExitWith3() throws {
        let below = try CommandRunner.run(["bound", "random:4:20", "--budget", "25"])
        #expect(below.status == 3)
        #expect(below.stderr.contains("error: no schedule fits in 25 B: node 7 ('b1') needs 26 B to run (the memory lower bound)"))
        // Above its memory lower bound (26 B), the search over live sets proves that nothing fits.
        let proven = try CommandRunner.run(["solve", "random:4:3", "--strategy", "milp", "--budget", "29"])
        #expect(proven.status == 3)
        #expect(proven.stderr.contains("error: no schedule fits in 29 B: no schedule holds the inputs of node 8 ('b0') live together"))
        // At its least peak (the search's bound, exact on 9 nodes), no stage-form plan and no baseline fits this
        // graph; the search over live sets builds a schedule that does, and the walk starts from it.
        let bound = try CommandRunner.run(["bound", "random:4:35", "--budget", "100%"])
        #expect(bound.stdout.contains("peak lower bound         25 B (all schedules"))
        let tight = try CommandRunner.run(["solve", "random:4:35", "--strategy", "milp", "--budget", "25"])
        #expect(tight.status == 0, "\(tight.stderr)")
        #expect(tight.stderr.contains("milp: infeasible") && tight.stderr.contains("milp: warm start rotor has no schedule"))
        #expect(tight.stdout.contains("peak          25 B, 100.0% of the budget"))
        // The solver proved the stage form empty at this budget: no vacuous stage-form bound is printed.
        #expect(tight.stderr.contains("milp: the solver proved that no schedule of the stage form fits in its order"))
        #expect(!tight.stdout.contains("stage form"))
        let json = try CommandRunner.run(["solve", "random:4:35", "--strategy", "milp", "--budget", "25", "--json"])
        #expect(json.status == 0 && !json.stdout.contains("stageFormCostLowerBound"))
    }

    @Test(arguments: [["--gap", "2"], ["--time-limit", "-1"], ["--threads", "0"], ["--samples", "-3"]])
    func badSolverOptionsExitWith2(options: [String]) throws {
        let result = try CommandRunner.run(["solve", "chain:4", "--strategy", "milp", "--budget", "6"] + options)
        #expect(result.status == 2)
    }

    /// `benchmark solvers` with the CP-SAT peer (`scripts/peer-cpsat.py`, OR-Tools from the setup script):
    /// its schedule is replayed here, so it never costs less than a cost the MILP proves optimal over all schedules.
    @Test func benchmarkRunsTheCPSATPeerBesideTheMILP() throws {
        let result = try CommandRunner.run([
            "benchmark", "solvers", "--graphs", "layered:14:2", "--budgets", "2x", "--strategies", "milp,cp-sat", "--time-limit", "20",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = result.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        let milp = try #require(rows.first { $0.count > 11 && $0[4] == "milp" }, "\(result.stdout)")
        let peer = try #require(rows.first { $0.count > 11 && $0[4] == "cp-sat" }, "\(result.stdout)\n\(result.stderr)")
        let (milpCost, peerCost, bound) = (try #require(Double(milp[5])), try #require(Double(peer[5])), try #require(Double(peer[7])))
        #expect(peerCost >= bound)
        if milp[11] == "all-schedules" { #expect(peerCost >= milpCost) }
        #expect(Int(peer[13]).map { $0 > 0 } == true, "the peer's memory is measured")
        let missing = try CommandRunner.run(["benchmark", "solvers", "--graphs", "chain:4", "--strategies", "cp-sat", "--peer-script", "/no/such.py"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("--peer-script: no readable file at '/no/such.py'"))
    }
}
