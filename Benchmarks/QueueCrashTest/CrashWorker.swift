import Foundation
import MailModel
import NIOCore
import Queue
import Synchronization

/// One incarnation of the process under test: producers enqueue messages and log each one only
/// after `commit` returned (the "250"); consumers lease jobs, hand them to the in-process sink
/// (a log line) and complete them. The driver SIGKILLs this process at random moments.
struct CrashWorker {
    var url: String
    var directory: String
    var target: Int
    var drain: Bool

    static var configuration: QueueConfiguration {
        var configuration = QueueConfiguration()
        configuration.defaultRetryPolicy = RetryPolicy(
            initialDelay: .milliseconds(100), multiplier: 2, maximumDelay: .seconds(1), jitter: 0.2,
            maximumAttempts: 1000, maximumAge: .seconds(3600))
        configuration.maximumConnections = 6
        configuration.verifyIntegrityAtOpen = true
        return configuration
    }

    func run() async throws {
        let store = try await QueueStoreFactory.open(url: self.url, configuration: Self.configuration)
        let acked = try AppendLog(path: "\(self.directory)/acked.log")
        let sink = try AppendLog(path: "\(self.directory)/delivered.log")
        // Deliveries whose completion found the lease taken over: each may be delivered once more by the new
        // holder, a duplicate the driver allows for beside those the kills cause.
        let takenOver = try AppendLog(path: "\(self.directory)/taken-over.log")
        let ackedSoFar = SharedCounter(AppendLog.lines(path: "\(self.directory)/acked.log").count)
        let body = ByteBuffer(bytes: Array(repeating: UInt8(ascii: "x"), count: 1024))
        let owner = "pid-\(getpid())"
        let target = self.target
        let drain = self.drain
        let producersDone = SharedCounter()
        let producers = 8
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<producers {
                group.addTask {
                    while !drain && ackedSoFar.current < target {
                        let envelope = Envelope(mailFrom: "crash@example.org", rcptTo: ["sink@example.com"], receivedAt: Date())
                        let committed = try await store.enqueue(
                            message: body, envelope: envelope, jobs: [JobSpec(kind: .inboundDeliver)])
                        acked.append("\(committed.id) \(committed.jobIDs[0])")
                        ackedSoFar.increment()
                    }
                    producersDone.increment()
                }
            }
            for _ in 0..<4 {
                group.addTask {
                    var idle = 0
                    while true {
                        let jobs = try await store.lease(
                            kinds: [.inboundDeliver], limit: 32, owner: owner, duration: .seconds(3))
                        if jobs.isEmpty {
                            idle += 1
                            if producersDone.current == producers && idle > 5 {
                                let statistics = try await store.statistics()
                                let pending = statistics.count(kind: .inboundDeliver, state: .queued)
                                    + statistics.count(kind: .inboundDeliver, state: .leased)
                                if pending == 0 { return }
                            }
                            try await Task.sleep(for: .milliseconds(20))
                            continue
                        }
                        idle = 0
                        for job in jobs {
                            sink.append(job.job.id.rawValue)
                            do {
                                try await store.complete(job.lease)
                            } catch QueueStoreError.leaseLost {
                                // On a loaded machine 32 completions in a row can outlast the 3 s lease: another
                                // consumer took the job over and delivers it again (at least once), which is the
                                // queue working as designed, not a crash (JobWorker carries on the same way).
                                takenOver.append(job.job.id.rawValue)
                                continue
                            }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        try await store.close()
    }
}
