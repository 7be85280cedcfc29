import Foundation
import Testing

/// Hostile flags and files given to the command as a new user might: each
/// class that once trapped (exit 132) or misled now exits with 1, 2 or 3 and
/// a message that names the flag or file and what is wrong.
@Suite struct HostileInputCommandTests {
    @Test(arguments: [
        (["solve", "chain:8", "--strategy", "dtr", "--budget", "-5"], "a budget must not be negative"),
        (["solve", "chain:8", "--strategy", "dtr", "--budget", "4000000000000000000"], "a budget may be at most 9007199254740991 bytes"),
        (["solve", "chain:8", "--strategy", "dtr", "--budget", "1e300%"], "a share may be at most 1000000%"),
        (["solve", "chain:8", "--strategy", "milp", "--budget", "1e300%"], "a share may be at most 1000000%"),
        (["solve", "chain:8", "--strategy", "milp", "--budget", "60%", "--time-limit", "1e21"], "--time-limit must be from 0 to 31536000"),
        (["solve", "chain:8", "--strategy", "milp", "--budget", "60%", "--time-limit=nan"], "--time-limit must be a number of seconds"),
        (["solve", "chain:8", "--strategy", "milp", "--budget", "60%", "--time-limit", "-1"], "--time-limit must be from 0"),
        (["solve", "chain:8", "--strategy", "lp-rounding", "--budget", "60%", "--threads", "100000"], "--threads must be a whole number from 1 to 1024"),
        (["solve", "chain:8", "--strategy", "lp-rounding", "--budget", "60%", "--samples", "10000000"], "--samples must be a whole number from 0 to 1000000"),
        (["sweep", "chain:8", "--output", "/tmp/never", "--time-limit", "1e21"], "--time-limit must be from 0 to 31536000"),
        (["max-batch", "vgg16", "--memory", "16GiB", "--strategy", "dtr", "--time-limit=-1"], "--time-limit must be from 0"),
        (["max-batch", "vgg16", "--memory", "100000TiB", "--strategy", "dtr"], "a budget may be at most 9007199254740991 bytes"),
        (["report", "vgg16", "--memory", "16GiB", "--output", "/tmp/never", "--time-limit", "1e21"], "--time-limit must be from 0"),
        (["zoo", "export", "vgg16", "--batch", "1000000000000"], "holds more than 1125899906842624 elements (2^50)"),
        (["solve", "zoo:bert-base", "--batch", "100000000000000", "--strategy", "dtr", "--budget", "50%"],
         "holds more than 1125899906842624 elements (2^50)"),
    ])
    func hostileFlagsExitWith2(arguments: [String], message: String) throws {
        let result = try CommandRunner.run(arguments)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
    }

    @Test func hostileFilesExitWith2AndNameTheFile() throws {
        let scratch = try CommandRunner.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let graph = scratch.appendingPathComponent("graph.json").path
        let huge = #"{"format": "checkmate-graph", "version": 1, "nodes": ["#
            + (0..<3).map { "{\"id\": \($0), \"kind\": \"forward\", \"cost\": 1, \"memory\": 8900000000000000000, \"inputs\": []}" }
                .joined(separator: ", ") + "]}"
        try Data(huge.utf8).write(to: URL(fileURLWithPath: graph))
        for command in [["bound", graph, "--budget", "1GiB"], ["solve", graph, "--strategy", "milp", "--budget", "1GiB"]] {
            let result = try CommandRunner.run(command)
            #expect(result.status == 2 && result.stderr.contains("\(graph): node 0: field 'memory' must be at most 9007199254740991"),
                    "\(command): \(result.stderr)")
        }
        let schedule = scratch.appendingPathComponent("schedule.json").path
        for (field, value) in [("budget", "1e19"), ("peakMemory", "1e300"), ("peakMemory", "-1e300"), ("version", "1e19")] {
            let text = "{\"format\": \"checkmate-schedule\", \"version\": 1, \"steps\": [], \"\(field)\": \(value)}"
                .replacingOccurrences(of: "\"version\": 1, \"steps\": [], \"version\": 1e19", with: "\"version\": 1e19, \"steps\": []")
            try Data(text.utf8).write(to: URL(fileURLWithPath: schedule))
            for command in [["simulate", "chain:2", schedule], ["plot", "schedule", "chain:2", schedule, "--output", scratch.path + "/p.svg"]] {
                let result = try CommandRunner.run(command)
                #expect(result.status == 2 && result.stderr.contains("error: \(schedule): "), "\(command) \(field): \(result.stderr)")
            }
        }
    }

    @Test func aScheduleOverTheBudgetItStatesExitsWith3() throws {
        let scratch = try CommandRunner.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let schedule = scratch.appendingPathComponent("schedule.json").path
        let solve = try CommandRunner.run(["solve", "chain:8", "--strategy", "checkpoint-all", "--budget", "100%", "--output", schedule])
        #expect(solve.status == 0, "\(solve.stderr)")
        var text = try String(contentsOfFile: schedule, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"budget\":10", with: "\"budget\":9")
        try text.write(toFile: schedule, atomically: true, encoding: .utf8)
        let simulate = try CommandRunner.run(["simulate", "chain:8", schedule])
        #expect(simulate.status == 3)
        #expect(simulate.stdout.contains("budget        9 B: exceeded"))
        #expect(simulate.stderr.contains("the schedule peaks at 10 B, above the budget it states, 9 B"))
    }

    @Test func outputsAreReplacedOnlyWhenTheyAreRegularFiles() throws {
        let scratch = try CommandRunner.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let solve = ["solve", "chain:8", "--strategy", "griewank", "--budget", "60%", "--output"]
        // A device that refuses the bytes: exit 1, and the device stays a device.
        let full = try CommandRunner.run(solve + ["/dev/full"])
        #expect(full.status == 1 && full.stderr.contains("error: /dev/full: cannot be written (No space left on device)"))
        var info = stat()
        #expect(stat("/dev/full", &info) == 0 && info.st_mode & S_IFMT == S_IFCHR)
        // A symbolic link: the file it names is written, the link stays.
        let target = scratch.appendingPathComponent("target.json")
        let link = scratch.appendingPathComponent("link.json")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        let linked = try CommandRunner.run(solve + [link.path])
        #expect(linked.status == 0, "\(linked.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == target.path)
        #expect(try String(contentsOf: target, encoding: .utf8).contains("checkmate-schedule"))
        // A directory: exit 1.
        let directory = try CommandRunner.run(solve + [scratch.path])
        #expect(directory.status == 1 && directory.stderr.contains("is a directory; write to a regular file"))
        // Reading a device is refused, not read as an empty graph.
        let null = try CommandRunner.run(["solve", "/dev/null", "--strategy", "dtr", "--budget", "5"])
        #expect(null.status == 1 && null.stderr.contains("error: /dev/null: is a character device, not a regular file"))
    }

    @Test func lpRoundingKeepsItsTimeLimitWithManySamples() throws {
        let start = ContinuousClock.now
        let result = try CommandRunner.run([
            "solve", "random:25", "--strategy", "lp-rounding", "--budget", "50%", "--samples", "1000000", "--time-limit", "2",
        ])
        // Generous: the limit is 2 s; before, a million samples ran for 23 s and more.
        #expect(ContinuousClock.now - start < .seconds(15))
        #expect(result.stderr.contains("lp-rounding: the time limit stopped the roundings after"), "\(result.stderr)")
    }

    @Test func theSearchLimitOfMaxBatchIsSaid() throws {
        let result = try CommandRunner.run(["max-batch", "vgg16", "--resolution", "32x32", "--memory", "7000TiB",
                                            "--strategy", "checkpoint-all", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["batch"] as? Int == 1 << 20 && object["batchIsSearchLimit"] as? Bool == true)
    }
}
