import ArgumentParser
import Checkmate
import CheckmateAnalysis
import CheckmateCatalog
import Foundation

/// The strategy and budget arguments that several commands take; what is
/// not one fails with exit code 2 and a message that says what is.
enum StrategyArguments {
    /// The strategies of a comma-separated list such as `milp,chen-greedy`,
    /// or a failure that lists the names there are.
    static func strategies(named list: String) throws(ExitCode) -> [any Strategy] {
        var chosen: [any Strategy] = []
        for name in list.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard let strategy = StrategyName(argument: name)?.strategy else {
                throw Terminal.fail("unknown strategy '\(name)'; choose one of \(StrategyName.allValueStrings.joined(separator: ", "))", code: 2)
            }
            chosen.append(strategy)
        }
        guard !chosen.isEmpty else { throw Terminal.fail("--strategies names no strategy", code: 2) }
        return chosen
    }

    /// The budgets of a `--budgets` list such as `30%:100%:8`.
    static func budgets(_ text: String) throws(ExitCode) -> BudgetSpec {
        do {
            return try BudgetSpec(parsing: text)
        } catch {
            throw Terminal.fail("--budgets: \(error)", code: 2)
        }
    }
}
