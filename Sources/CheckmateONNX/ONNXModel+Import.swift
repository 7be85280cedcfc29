import Checkmate
import CheckmateModels

extension ONNXModel {
    /// The model's layer description for `options`' batch size and dimensions.
    ///
    /// Graph inputs become input layers; nodes whose inputs are all known at
    /// import time (weights, `Constant`, `ConstantOfShape`, `Shape` and the
    /// arithmetic on them) are folded; every other node becomes a layer whose
    /// shape follows ONNX's operator rules and whose parameters are the
    /// weights it reads (each counted once, by the first layer that reads it).
    /// Each graph output computed from the inputs gets a softmax
    /// cross-entropy loss.
    ///
    /// - Throws: ``ONNXImportError`` naming the node, tensor or option at fault.
    public func network(_ options: ONNXImportOptions) throws(ONNXImportError) -> Network {
        try Importer.network(of: self, options: options)
    }

    /// The training graph of one step: ``network(_:)`` derived by the zoo's
    /// rules (forward, loss and backward nodes; memory from shapes; costs from
    /// `training.costModel`), named after the model and the batch size.
    public func trainingGraph(
        _ options: ONNXImportOptions, training: TrainingOptions = TrainingOptions()
    ) throws(ONNXImportError) -> TrainingGraph {
        var network = try network(options)
        network.name = "\(name)-b\(options.batch)"
        do {
            return try network.trainingGraph(training)
        } catch {
            throw .invalidModel("cannot derive the training graph: \(error)")
        }
    }
}
