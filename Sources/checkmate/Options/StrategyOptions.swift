import ArgumentParser
import CheckmateAnalysis

/// `--strategy`, as `solve` and `max-batch` take it.
struct StrategyOption: ParsableArguments {
    @Option(help: ArgumentHelp("The strategy; `checkmate strategies` says what each does.", valueName: "name"))
    var strategy: StrategyName
}

/// `--budget`, as `solve` and `bound` take it.
struct BudgetOption: ParsableArguments {
    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "The memory budget: bytes (12884901888), a size (12GiB, 800MB), a share of the checkpoint-all peak (60%) or a multiple of the memory lower bound (1.1x).",
            valueName: "budget"),
        transform: Budget.parse)
    var budget: Budget
}
