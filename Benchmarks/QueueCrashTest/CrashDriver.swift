import Foundation
import Queue

/// Runs the worker, SIGKILLs it several times at random moments, lets a last incarnation drain
/// the queue, then checks: every acknowledged job was delivered at least once, nothing is left
/// queued or leased, and duplicates stay bounded.
struct CrashDriver {
    var url: String
    var directory: String
    var target: Int
    var kills: Int

    func run() async throws -> Bool {
        let executable = CommandLine.arguments[0]
        let started = ContinuousClock.now
        for round in 1...self.kills {
            let pid = try self.spawn([executable, "worker", "--url", self.url, "--dir", self.directory, "--target", "\(self.target)"])
            let delay = Double.random(in: 0.4...1.5)
            try await Task.sleep(for: .milliseconds(Int64(delay * 1000)))
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            let acked = AppendLog.lines(path: "\(self.directory)/acked.log").count
            let delivered = AppendLog.lines(path: "\(self.directory)/delivered.log").count
            print("round \(round): SIGKILL after \(String(format: "%.1f", delay)) s; acked \(acked), delivered \(delivered)")
        }
        // Finish producing, then drain.
        for mode in ["worker", "drain"] {
            var arguments = [executable, "worker", "--url", self.url, "--dir", self.directory, "--target", "\(self.target)"]
            if mode == "drain" { arguments += ["--drain", "1"] }
            let pid = try self.spawn(arguments)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            guard status == 0 else { throw CrashTestError("final \(mode) run exited with status \(status)") }
        }
        let elapsed = ContinuousClock.now - started

        let ackedJobs = AppendLog.lines(path: "\(self.directory)/acked.log").compactMap { $0.split(separator: " ").last }
        let deliveries = AppendLog.lines(path: "\(self.directory)/delivered.log")
        let deliveredSet = Set(deliveries)
        let missing = ackedJobs.filter { !deliveredSet.contains($0) }
        let duplicates = deliveries.count - deliveredSet.count
        let store = try await QueueStoreFactory.open(url: self.url, configuration: CrashWorker.configuration)
        let statistics = try await store.statistics()
        try await store.close()
        let stuck = statistics.count(kind: .inboundDeliver, state: .queued) + statistics.count(kind: .inboundDeliver, state: .leased)
        let dead = statistics.count(kind: .inboundDeliver, state: .dead)
        let deliveredState = statistics.count(kind: .inboundDeliver, state: .delivered)
        // Each kill can lose at most the completions of jobs already handed to the sink: 4 consumers x 32 jobs.
        // Besides, a delivery whose lease expired before its completion (a loaded machine) may be repeated once
        // by the consumer that took the job over.
        let takenOver = AppendLog.lines(path: "\(self.directory)/taken-over.log").count
        let duplicateBound = self.kills * 4 * 32 + takenOver
        print(
            """
            acknowledged=\(ackedJobs.count) jobs_in_store=\(deliveredState + stuck + dead) delivered_state=\(deliveredState) \
            sink_deliveries=\(deliveries.count) distinct=\(deliveredSet.count) missing=\(missing.count) \
            duplicates=\(duplicates) (bound \(duplicateBound), \(takenOver) taken over) stuck=\(stuck) dead=\(dead) kills=\(self.kills) \
            elapsed=\(elapsed)
            """)
        let ok = missing.isEmpty && stuck == 0 && dead == 0 && duplicates <= duplicateBound && ackedJobs.count >= self.target
        print(ok ? "PASS" : "FAIL")
        return ok
    }

    private func spawn(_ arguments: [String]) throws -> pid_t {
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, arguments[0], nil, nil, argv, environ)
        guard result == 0 else { throw CrashTestError("posix_spawn: \(String(cString: strerror(result)))") }
        return pid
    }
}
