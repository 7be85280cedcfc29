import ArgumentParser
import CheckmateAnalysis
import CheckmateCatalog

/// `checkmate strategies`: the strategies `solve` accepts.
struct Strategies: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the strategies that `checkmate solve --strategy` accepts.")

    func run() {
        print(Format.fields(StrategyCatalog.all.map { ($0.name, $0.summary) }))
    }
}
