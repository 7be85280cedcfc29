import ArgumentParser
import Checkmate
import CheckmateCatalog
import CheckmateModels

/// A strategy's name on the command line: one of `StrategyCatalog/all`,
/// listed by `--help` and offered by shell completion.
struct StrategyName: ExpressibleByArgument, CaseIterable, Hashable, CustomStringConvertible {
    let name: String

    init?(argument: String) {
        guard StrategyCatalog.strategy(named: argument) != nil else { return nil }
        name = argument
    }

    static var allCases: [StrategyName] { StrategyCatalog.all.compactMap { StrategyName(argument: $0.name) } }

    static var allValueStrings: [String] { allCases.map(\.name) }

    static var defaultCompletionKind: CompletionKind { .list(allValueStrings) }

    /// The strategy of this name.
    var strategy: any Strategy { StrategyCatalog.strategy(named: name)! }

    var description: String { name }
}

/// A device whose roofline gives costs in seconds (`--device`).
struct DeviceName: ExpressibleByArgument, CaseIterable, Hashable, CustomStringConvertible {
    let profile: DeviceProfile

    init?(argument: String) {
        guard let profile = DeviceProfile.named(argument) else { return nil }
        self.profile = profile
    }

    static var allCases: [DeviceName] { DeviceProfile.all.compactMap { DeviceName(argument: $0.name) } }

    static var allValueStrings: [String] { DeviceProfile.all.map(\.name) }

    static var defaultCompletionKind: CompletionKind { .list(allValueStrings) }

    var description: String { profile.name }
}

/// The floating-point types a model trains in (`--dtype`).
enum FloatingPointType: String, ExpressibleByArgument, CaseIterable {
    case float32, float16, bfloat16

    init?(argument: String) {
        self.init(rawValue: argument.lowercased())
    }

    var dataType: DataType { DataType(rawValue: rawValue)! }
}

extension Optimizer: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(rawValue: argument.lowercased())
    }
}
