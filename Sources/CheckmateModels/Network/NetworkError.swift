/// Why a network could not be built or trained.
public enum NetworkError: Error, Hashable, Sendable {
    /// The network has no layers.
    case empty
    /// Two layers share a name.
    case duplicateName(String)
    /// A layer breaks a rule: an input that is not an earlier layer, shapes
    /// that do not fit its operation, an invalid attribute.
    case invalidLayer(String, reason: String)
    /// The network has no loss layer, so there is nothing to train.
    case noLoss
    /// The layers up to `layer` hold more than ``TensorShape/elementLimit``
    /// elements or parameters together: more than any training step fits.
    case tooLarge(layer: String)
}

extension NetworkError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .empty: "the network has no layers"
        case .duplicateName(let name): "layer '\(name)': the name is used by more than one layer"
        case .invalidLayer(let name, let reason): "layer '\(name)': \(reason)"
        case .noLoss: "the network has no loss layer (softmax cross-entropy), so it cannot be trained"
        case .tooLarge(let layer):
            "the layers up to '\(layer)' hold more than \(TensorShape.elementLimit) elements or parameters (2^50) "
                + "together; choose a smaller batch or resolution"
        }
    }
}
