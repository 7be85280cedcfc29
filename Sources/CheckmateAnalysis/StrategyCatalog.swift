import Checkmate

/// Every strategy the command line offers, by name.
public enum StrategyCatalog {
    /// All strategies, in the order `checkmate strategies` lists them.
    public static let all: [any Strategy] = baselines

    /// The paper's baselines: no solver needed.
    public static let baselines: [any Strategy] = [
        CheckpointAll(),
        CheckpointLast(),
        ChenSqrtN(linearized: false),
        ChenSqrtN(linearized: true),
        ChenGreedy(linearized: false),
        ChenGreedy(linearized: true),
        Griewank(),
    ]

    /// The strategy called `name`, if there is one.
    public static func strategy(named name: String) -> (any Strategy)? {
        all.first { $0.name == name }
    }
}
