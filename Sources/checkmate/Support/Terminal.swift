import ArgumentParser
import CheckmateAnalysis
import Checkmate
import Foundation

/// Where the command line writes: results to stdout, the rest to stderr.
enum Terminal {
    /// Writes `line` to stderr (progress, warnings, errors).
    static func note(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Prints `error: <message>` to stderr and returns the exit code to throw.
    static func fail(_ message: String, code: Int32) -> ExitCode {
        note("error: \(message)")
        return ExitCode(code)
    }

    /// Writes `data` to the file at `path` (``FileAccess/write(_:to:)``), or fails with exit code 1 naming the file.
    static func write(_ data: Data, to path: String) throws(ExitCode) {
        do {
            try FileAccess.write(data, to: path)
        } catch {
            throw error.reported()
        }
    }

    /// Writes `text` as UTF-8 to the file at `path`, or fails with exit code 1 naming the file.
    static func write(_ text: String, to path: String) throws(ExitCode) {
        try write(Data(text.utf8), to: path)
    }
}

extension InputError {
    /// Prints the error and returns its exit code (1 unreadable, 2 invalid).
    func reported() -> ExitCode {
        Terminal.fail(description, code: exitCode)
    }
}

extension StrategyError {
    /// The process exit code: 3 when the strategy has no schedule within the
    /// budget, 1 for an internal failure.
    var exitCode: Int32 {
        switch self {
        case .doesNotFit, .infeasible, .noStageFormSchedule, .timedOut, .unsupported: 3
        case .solverFailure, .invalidSchedule, .unsoundBound: 1
        }
    }

    /// Prints the error and returns its exit code.
    func reported() -> ExitCode {
        Terminal.fail(description, code: exitCode)
    }
}

extension GraphSource {
    /// The argument transform: a ``GraphSource`` or a validation error (exit 2).
    static func parse(_ argument: String) throws -> GraphSource {
        do {
            return try GraphSource(argument: argument)
        } catch {
            throw ValidationError(error.message)
        }
    }
}

extension Budget {
    /// The budget in bytes for `graph`, for a command: prints any error and throws exit code 2.
    func bytesForCommand(_ graph: TrainingGraph) throws(ExitCode) -> Int {
        do {
            return try bytes(for: graph)
        } catch {
            throw Terminal.fail(error.description, code: 2)
        }
    }

    /// The argument transform: a ``Budget`` or a validation error (exit 2).
    static func parse(_ argument: String) throws -> Budget {
        do {
            return try Budget(parsing: argument)
        } catch {
            throw ValidationError(error.reason)
        }
    }
}

extension ScheduleFile {
    /// Reads the schedule file at `path` for a command: prints any error and throws its exit code.
    static func loadForCommand(_ path: String, graph: TrainingGraph) throws(ExitCode) -> ScheduleFile {
        do {
            return try ScheduleFile(contentsOf: path, graph: graph)
        } catch {
            throw error.reported()
        }
    }
}

extension ArgumentHelp {
    /// The help of every command's graph argument, which `GraphSource.parse` reads.
    static let graph = ArgumentHelp(
        "The training graph: a checkmate-graph JSON file, chain:LENGTH, random:FORWARD[:SEED], zoo:MODEL or onnx:PATH.",
        valueName: "graph")
}
