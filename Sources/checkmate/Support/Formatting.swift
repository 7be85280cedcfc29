import Checkmate
import Foundation

/// Number formats shared by the commands' reports.
enum Format {
    /// Bytes exactly, with the binary-unit size beside them when it reads better.
    static func bytes(_ bytes: Int) -> String {
        let size = ByteCount(bytes).description
        return bytes < 1024 ? size : "\(size) (\(bytes) B)"
    }

    /// A number with up to six significant digits.
    static func number(_ value: Double) -> String {
        String(format: "%.6g", value)
    }

    /// A number with `digits` decimals.
    static func fixed(_ value: Double, digits: Int) -> String {
        String(format: "%.\(digits)f", value)
    }

    /// A cost with the graph's unit.
    static func cost(_ value: Double, in graph: TrainingGraph) -> String {
        "\(number(value)) \(graph.costUnit)"
    }

    /// Seconds with three decimals.
    static func seconds(_ value: Double) -> String {
        fixed(value, digits: 3) + " s"
    }

    /// `label  value` lines with the values aligned.
    static func fields(_ rows: [(String, String)]) -> String {
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { ($0.0.padding(toLength: width + 2, withPad: " ", startingAt: 0) + $0.1).trimmingTrailingSpaces() }
            .joined(separator: "\n")
    }

    /// A table with a header row; numeric-looking columns are right-aligned.
    static func table(header: [String], rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        let rightAligned = header.indices.map { column in
            rows.allSatisfy { Double($0[column].filter { $0 != "," }) != nil || $0[column] == "-" }
        }
        return all.map { row in
            row.indices.map { column in
                let cell = row[column]
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return rightAligned[column] ? pad + cell : cell + pad
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }.joined(separator: "\n")
    }

    /// What a solve's time limit is, for progress lines.
    static func timeLimit(_ seconds: Double?) -> String {
        seconds.map { "solvers stop after \(number($0)) s per solve (--time-limit)" } ?? "solvers have no time limit"
    }

    /// Seconds elapsed since `start`.
    static func elapsed(since start: ContinuousClock.Instant) -> Double {
        (ContinuousClock.now - start) / .seconds(1)
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        String(reversed().drop { $0 == " " }.reversed())
    }
}
