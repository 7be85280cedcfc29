/// The strategies that need no solver: the Checkmate paper's baselines
/// (Jain et al., MLSys 2020, section 6.1), dynamic rematerialization and
/// Rotor's dynamic program over the chain.
public enum Baselines {
    /// Every baseline, in the order `checkmate strategies` lists them.
    public static let all: [any Strategy] = [
        CheckpointAll(),
        CheckpointLast(),
        ChenSqrtN(linearized: false),
        ChenSqrtN(linearized: true),
        ChenGreedy(linearized: false),
        ChenGreedy(linearized: true),
        Griewank(),
        DynamicRematerialization(),
        Rotor(),
    ]
}
