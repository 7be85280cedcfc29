import Foundation
import ArgumentParser

/// A command's failure: a message for stderr and the exit code.
///
/// Exit codes: 2 for bad input, 3 when no schedule fits, 1 for anything else.
enum CommandFailure: Error {
    case badInput(String)
    case nothingFits(String)
    case failed(String)

    var message: String {
        switch self {
        case .badInput(let message), .nothingFits(let message), .failed(let message): message
        }
    }

    var exitCode: ExitCode {
        switch self {
        case .badInput: ExitCode(2)
        case .nothingFits: ExitCode(3)
        case .failed: ExitCode(1)
        }
    }
}

/// Runs `body`, turning a ``CommandFailure`` into a message on stderr and its exit code.
func reportingFailure(_ body: () throws(CommandFailure) -> Void) throws(ExitCode) {
    do {
        try body()
    } catch {
        printError("error: \(error.message)")
        throw error.exitCode
    }
}

/// Writes a line to stderr (progress and errors; results go to stdout).
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
