import Foundation
import GRDB
import MailModel
import MetricsTestKit
import NIOCore
import Queue
import Synchronization

/// Load generator for durable enqueues.
///
///     queue-load enqueue --url sqlite:///path/q.db --producers 32 --size 5120 --seconds 5 [--max-batch 256]
///     queue-load sqlite-reference --path /path/ref.db --size 5120 --count 1000
///     queue-load deliver --url postgres://... --jobs 10000 --replicas 2 [--concurrency 16] [--handler-ms 2] [--fail-first 1]
///
/// `deliver` enqueues `--jobs` messages, then delivers them with `--replicas` independent store instances
/// (each its own connection pool and `JobWorker`, as separate Mailgate replicas would be) to an in-process
/// sink that takes `--handler-ms` per delivery (a webhook's latency); it reports the delivery rate and how
/// many jobs were delivered more than once (must be 0 when no process dies). With `--fail-first 1` every job's
/// first attempt fails (temporarily, retried at once), so the failure path is measured beside the completion.
/// `sqlite-reference` measures SQLite's own rate of single-row durable commits (WAL, synchronous=FULL)
/// on the same disk: the ceiling a queue without group commit would hit.
@main
struct QueueLoad {
    static func main() async throws {
        var arguments = Array(CommandLine.arguments.dropFirst())
        guard !arguments.isEmpty else {
            print("usage: queue-load enqueue|sqlite-reference [options]")
            exit(2)
        }
        let mode = arguments.removeFirst()
        var options: [String: String] = [:]
        while arguments.count >= 2 {
            options[arguments.removeFirst()] = arguments.removeFirst()
        }
        let size = Int(options["--size"] ?? "5120")!
        switch mode {
        case "enqueue":
            try await self.enqueue(
                url: options["--url"]!, producers: Int(options["--producers"] ?? "32")!, size: size,
                seconds: Double(options["--seconds"] ?? "5")!, maximumBatch: Int(options["--max-batch"] ?? "256")!)
        case "large":
            try await self.large(url: options["--url"]!, megabytes: Int(options["--mib"] ?? "50")!)
        case "deliver":
            try await self.deliver(
                url: options["--url"]!, jobs: Int(options["--jobs"] ?? "10000")!, replicas: Int(options["--replicas"] ?? "1")!,
                concurrency: Int(options["--concurrency"] ?? "16")!, handlerMilliseconds: Int(options["--handler-ms"] ?? "2")!,
                failFirst: options["--fail-first"] == "1")
        case "sqlite-reference":
            try self.sqliteReference(path: options["--path"]!, size: size, count: Int(options["--count"] ?? "1000")!)
        default:
            print("unknown mode \(mode)")
            exit(2)
        }
    }

    static func enqueue(url: String, producers: Int, size: Int, seconds: Double, maximumBatch: Int) async throws {
        let metrics = TestMetrics()
        var configuration = QueueConfiguration()
        configuration.maximumBatchSize = maximumBatch
        configuration.metricsFactory = metrics
        configuration.maximumConnections = 4
        let store = try await QueueStoreFactory.open(url: url, configuration: configuration)
        let body = ByteBuffer(bytes: (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        let envelope = Envelope(
            mailFrom: "load@example.org", rcptTo: ["sink@example.com"], helo: "load", remoteIP: "127.0.0.1",
            authUser: "load", size: size, receivedAt: Date())
        let completed = SharedCounter()
        let started = ContinuousClock.now
        let deadline = started + .milliseconds(Int64(seconds * 1000))
        let usageBefore = Self.cpuSeconds()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<producers {
                group.addTask {
                    while ContinuousClock.now < deadline {
                        _ = try await store.enqueue(
                            message: body, envelope: envelope,
                            jobs: [JobSpec(kind: .inboundDeliver, recipients: ["sink@example.com"])])
                        completed.increment()
                    }
                }
            }
            try await group.waitForAll()
        }
        let elapsed = (ContinuousClock.now - started)
        let cpu = Self.cpuSeconds() - usageBefore
        let count = completed.current
        let storeName = url.hasPrefix("sqlite") ? "sqlite" : "postgres"
        let commits = (try? metrics.expectCounter("mailgate_queue_commits_total", [("store", storeName)]).totalValue) ?? 0
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(
            String(
                format: "store=%@ producers=%d size=%d messages=%d seconds=%.2f rate=%.0f/s commits=%lld avg_batch=%.1f cpu_us_per_msg=%.0f",
                storeName, producers, size, count, seconds, Double(count) / seconds, commits,
                commits > 0 ? Double(count) / Double(commits) : 0, cpu / Double(max(count, 1)) * 1e6))
        try await store.close()
    }

    /// Streams one large message in 64 KiB appends (as an SMTP session would) and reads it back,
    /// reporting the peak resident memory of the process.
    static func deliver(
        url: String, jobs: Int, replicas: Int, concurrency: Int, handlerMilliseconds: Int, failFirst: Bool
    ) async throws {
        let filler = try await QueueStoreFactory.open(url: url)
        let envelope = Envelope(mailFrom: "load@example.org", rcptTo: ["sink@example.com"], receivedAt: Date())
        let body = ByteBuffer(bytes: Array(repeating: UInt8(ascii: "x"), count: 1024))
        let enqueued = SharedCounter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<32 {
                group.addTask {
                    while enqueued.claim() <= jobs {
                        _ = try await filler.enqueue(
                            message: body, envelope: envelope, jobs: [JobSpec(kind: .inboundDeliver, recipients: ["sink@example.com"])])
                    }
                }
            }
            try await group.waitForAll()
        }
        try await filler.close()

        let deliveries = DeliveryLog()
        var configuration = QueueConfiguration()
        configuration.defaultRetryPolicy = RetryPolicy(initialDelay: .zero, jitter: 0)
        let stores = try await (0..<replicas).asyncMap { _ in
            try await QueueStoreFactory.open(url: url, configuration: configuration)
        }
        let started = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, store) in stores.enumerated() {
                let worker = JobWorker(
                    store: store, kinds: [.inboundDeliver], owner: "replica-\(index)", concurrency: concurrency,
                    idleDelay: .milliseconds(20), clock: ContinuousClock()
                ) { job in
                    try? await Task.sleep(for: .milliseconds(handlerMilliseconds))
                    if failFirst && job.job.attempts == 1 {
                        return .failed(.temporary("first attempt fails"))
                    }
                    deliveries.record(job.job.id)
                    return .delivered()
                }
                group.addTask { await worker.run() }
            }
            group.addTask {
                while deliveries.distinct < jobs { try await Task.sleep(for: .milliseconds(10)) }
            }
            try await group.next()
            group.cancelAll()
        }
        let elapsed = (ContinuousClock.now - started).components
        let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        for store in stores { try await store.close() }
        let (distinct, duplicates) = (deliveries.distinct, deliveries.duplicates)
        print(String(format: "deliver replicas=%d concurrency=%d handler_ms=%d fail_first=%d jobs=%d delivered=%d duplicates=%d seconds=%.2f rate=%.0f/s",
                     replicas, concurrency, handlerMilliseconds, failFirst ? 1 : 0, jobs, distinct, duplicates, seconds, Double(distinct) / seconds))
    }

    static func large(url: String, megabytes: Int) async throws {
        let store = try await QueueStoreFactory.open(url: url)
        let piece = ByteBuffer(bytes: (0..<65536).map { UInt8(truncatingIfNeeded: $0 &* 13) })
        let rssBefore = Self.peakResidentKiB()
        let started = ContinuousClock.now
        let writer = store.makeMessageWriter()
        for _ in 0..<(megabytes * 16) {
            try await writer.append(piece)
        }
        let committed = try await writer.commit(
            envelope: Envelope(mailFrom: "big@example.org", rcptTo: ["sink@example.com"], receivedAt: Date()),
            jobs: [JobSpec(kind: .inboundDeliver)])
        let written = ContinuousClock.now - started
        var readBytes = 0
        for try await chunk in try await store.messageBody(committed.id)! {
            readBytes += chunk.readableBytes
        }
        print(
            "large message: \(committed.size) bytes written in \(written), read back \(readBytes) bytes; "
                + "peak RSS before \(rssBefore) KiB, after \(Self.peakResidentKiB()) KiB")
        try await store.close()
    }

    static func peakResidentKiB() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss
    }

    static func sqliteReference(path: String, size: Int, count: Int) throws {
        try? FileManager.default.removeItem(atPath: path)
        try? FileManager.default.removeItem(atPath: path + "-wal")
        try? FileManager.default.removeItem(atPath: path + "-shm")
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in
            _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, data BLOB NOT NULL)")
        }
        let data = Data((0..<size).map { UInt8(truncatingIfNeeded: $0) })
        let started = ContinuousClock.now
        for _ in 0..<count {
            try queue.write { db in
                try db.execute(sql: "INSERT INTO t (data) VALUES (?)", arguments: [data])
            }
        }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(
            String(
                format: "sqlite-reference size=%d single-insert commits=%d seconds=%.2f rate=%.0f commits/s",
                size, count, seconds, Double(count) / seconds))
    }

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}

extension Range<Int> {
    func asyncMap<T>(_ transform: (Int) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
