/// A linear relaxation of Checkmate's stage form whose `S` rounds to stage
/// plans: ``CheckmateFormulation`` relaxed, or the smaller
/// ``StageBoundaryRelaxation``. Its optimum, or the Lagrangian bound of any
/// duals, bounds the cost of every plan of the stage form in the graph's order.
public protocol StageRelaxation: Sendable {
    /// The graph, in the order of its stages.
    var graph: TrainingGraph { get }
    var program: LinearProgram { get }
    /// The retention a point chooses: `S[t,i]` where `keep` accepts its value.
    func retain(from values: [Double], keeping keep: (Double) -> Bool) -> StageMatrix
    /// The cost of a value of the program's objective.
    func cost(ofObjective value: Double) -> Double
}

extension CheckmateFormulation: StageRelaxation {}
