import Checkmate
import Foundation
import Synchronization

/// Writes a budget sweep's files as its cases finish, so that an interrupted
/// sweep keeps every row already done.
///
/// In `directory`: `sweep.csv` (one line appended per finished case),
/// `sweep.json` (rewritten whole, atomically, after each case), and
/// `schedules/STRATEGY-BUDGET.json` (each schedule found, as a
/// `checkmate-schedule` file). ``finish()`` rewrites `sweep.csv` in table
/// order and draws `overhead.svg` (overhead against budget) and
/// `schedule.svg` (the schedule of ``SweepTable/pictureRow``). After ``finish()`` further rows are ignored, so a signal
/// handler may call it while workers are still solving.
public final class SweepRecorder: Sendable {
    public let directory: URL
    private let graph: TrainingGraph
    private let state: Mutex<State>

    private struct State: ~Copyable {
        var table: SweepTable
        var csv: FileHandle?
        var best: (row: SweepRow, solution: Solution)?
        var isFinished = false
    }

    /// Creates `directory` if needed and starts `sweep.csv` and `sweep.json` for `table`'s cases.
    ///
    /// - Throws: ``SweepOutputError`` when a file cannot be written.
    public init(directory: URL, graph: TrainingGraph, table: SweepTable) throws(SweepOutputError) {
        self.directory = directory
        self.graph = graph
        let schedules = directory.appendingPathComponent("schedules")
        do {
            try FileManager.default.createDirectory(at: schedules, withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(schedules.path, reason: error.localizedDescription)
        }
        try Self.write(Data(table.csv().utf8), to: directory.appendingPathComponent("sweep.csv"))
        try Self.write(table.json(), to: directory.appendingPathComponent("sweep.json"))
        let csvURL = directory.appendingPathComponent("sweep.csv")
        let handle: FileHandle
        do {
            handle = try FileHandle(forWritingTo: csvURL)
            try handle.seekToEnd()
        } catch {
            throw .cannotWrite(csvURL.path, reason: error.localizedDescription)
        }
        state = Mutex(State(table: table, csv: handle))
    }

    /// The file a solution's schedule is written to, relative to the directory.
    public static func scheduleFile(strategy: String, budget: Int) -> String {
        let safe = String(strategy.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
        return "schedules/\(safe)-\(budget).json"
    }

    /// Records one finished case: appends its CSV line, writes its schedule, rewrites `sweep.json`.
    public func record(_ row: SweepRow, solution: Solution?) throws(SweepOutputError) {
        try state.withLock { (state: inout State) throws(SweepOutputError) in
            guard !state.isFinished else { return }
            state.table.insert(row)
            if let solution {
                let file = ScheduleFile(solution: solution, graph: graph).json(graph: graph)
                try Self.write(file, to: directory.appendingPathComponent(
                    Self.scheduleFile(strategy: row.strategy, budget: row.budget)))
                if state.best.map({ state.table.isBetterPicture(row, than: $0.row) }) ?? true { state.best = (row, solution) }
            }
            do {
                try state.csv?.write(contentsOf: Data((row.csvLine + "\n").utf8))
            } catch {
                throw .cannotWrite(directory.appendingPathComponent("sweep.csv").path, reason: error.localizedDescription)
            }
            try Self.write(state.table.json(), to: directory.appendingPathComponent("sweep.json"))
        }
    }

    /// Closes the sweep: rewrites `sweep.csv` and `sweep.json` in table
    /// order and draws the plots. Returns the table and the files it wrote,
    /// relative to the directory; a second call writes nothing.
    @discardableResult
    public func finish() throws(SweepOutputError) -> (table: SweepTable, files: [String]) {
        try state.withLock { (state: inout State) throws(SweepOutputError) in
            guard !state.isFinished else { return (state.table, []) }
            state.isFinished = true
            try? state.csv?.close()
            state.csv = nil
            var files: [(String, Data)] = [
                ("sweep.csv", Data(state.table.csv().utf8)),
                ("sweep.json", state.table.json()),
                ("overhead.svg", Data(state.table.overheadPlot().svg().utf8)),
            ]
            if let best = state.best, let picture = try? SchedulePicture(graph: graph, solution: best.solution) {
                files.append(("schedule.svg", Data(picture.svg().utf8)))
            }
            for (name, data) in files { try Self.write(data, to: directory.appendingPathComponent(name)) }
            return (state.table, files.map(\.0))
        }
    }

    static func write(_ data: Data, to url: URL) throws(SweepOutputError) {
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            throw .cannotWrite(url.path, reason: error.localizedDescription)
        }
    }
}

/// A sweep's or report's output that could not be written.
public enum SweepOutputError: Error, Hashable, Sendable, CustomStringConvertible {
    case cannotWrite(String, reason: String)

    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason): "cannot write \(path): \(reason)"
        }
    }
}
