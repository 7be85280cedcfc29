import ArgumentParser
import Foundation

extension CheckmateCommand {
    /// Runs the command line, exiting with 2 rather than 64 on a usage error
    /// so that every kind of bad input exits with 1 or 2.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            Terminal.note(fullMessage(for: error))
            Foundation.exit(2)
        }
    }
}
