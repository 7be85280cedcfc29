import ArgumentParser
import CheckmateAnalysis
import CheckmateONNX

/// The flags only ONNX models take: named input dimensions and the treatment of unknown operators.
struct ONNXGraphOptions: ParsableArguments {
    @Option(name: .customLong("dim"), parsing: .singleValue,
            help: ArgumentHelp("ONNX models: a named input dimension, such as sequence=128 (repeatable).",
                               valueName: "name=value"))
    var dimensions: [String] = []

    @Option(help: ArgumentHelp("ONNX models: error (default) or elementwise, to treat operators the importer "
                               + "does not know as one output shaped like the first input.", valueName: "policy"))
    var unknownOps: String?

    /// Whether any flag was given.
    var isSet: Bool { !dimensions.isEmpty || unknownOps != nil }

    /// Puts the flags' values into `settings`.
    func apply(to settings: inout ModelSettings) throws(ExitCode) {
        for entry in dimensions {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, let value = Int(parts[1]), value >= 1 else {
                throw Terminal.fail("--dim must be name=value with a whole number of at least 1, not '\(entry)'", code: 2)
            }
            settings.dimensions[parts[0]] = value
        }
        if let unknownOps {
            guard let policy = ONNXImportOptions.UnknownOperators(rawValue: unknownOps) else {
                throw Terminal.fail("--unknown-ops must be error or elementwise, not '\(unknownOps)'", code: 2)
            }
            settings.unknownOperators = policy
        }
    }
}
