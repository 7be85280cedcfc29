/// What an ONNX tensor name stands for during import.
enum Value: Sendable {
    /// Known at import time: a weight or a folded result.
    case constant(ConstantTensor)
    /// Computed from the network's inputs, by the layer at index `layer`.
    case activation(layer: Int, TensorType)
    /// An output the importer does not model (the indices of a max pooling); the reason says which.
    case unavailable(String)
}
