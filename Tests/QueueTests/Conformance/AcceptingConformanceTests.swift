import Foundation
import MailModel
import NIOCore
import MetricsTestKit
import Queue
import Testing

/// Accepting messages: one suite, run against every store implementation.
@Suite("Conformance: accepting")
struct AcceptingConformanceTests {
    @Test(arguments: StoreKind.underTest)
    func committedMessageReadsBackExactly(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, clock in
            let body = Fixtures.body(size: 5 * 1024)
            let writer = store.makeMessageWriter()
            try await writer.append(contentsOf: body[..<1000])
            try await writer.append(ByteBuffer(bytes: body[1000...]))
            let envelope = Fixtures.envelope(recipients: ["a@example.com", "b@example.com"], size: body.count)
            let committed = try await writer.commit(
                envelope: envelope, metadata: ["route": "support", "source": "smtp"],
                jobs: [JobSpec(kind: .inboundDeliver, recipients: envelope.rcptTo, payload: Array("{\"route\":1}".utf8))])

            #expect(committed.size == body.count)
            #expect(committed.jobIDs.count == 1)
            let stored = try #require(try await store.message(committed.id))
            #expect(stored.envelope == envelope)
            #expect(stored.metadata == ["route": "support", "source": "smtp"])
            #expect(stored.size == body.count)
            #expect(stored.createdAt == clock.now())
            let read = try #require(try await store.messageBody(committed.id))
            let bytes = try await read.collect(upTo: 1 << 20)
            #expect(Array(bytes.readableBytesView) == body)

            let jobs = try await store.jobs(for: committed.id)
            #expect(jobs.count == 1)
            #expect(jobs[0].id == committed.jobIDs[0])
            #expect(jobs[0].state == .queued)
            #expect(jobs[0].kind == .inboundDeliver)
            #expect(jobs[0].recipients == ["a@example.com", "b@example.com"])
            #expect(jobs[0].payload == Array("{\"route\":1}".utf8))
            #expect(jobs[0].attempts == 0)
            #expect(try await store.events(for: committed.id).map(\.type) == [.received])
        }
    }

    @Test(arguments: StoreKind.underTest)
    func largeBodyIsStoredAndReadInChunks(_ kind: StoreKind) async throws {
        var configuration = QueueConfiguration()
        configuration.chunkSize = 64 * 1024
        try await withStore(kind, configuration: configuration) { store, _ in
            let body = Fixtures.body(size: 3 * 1024 * 1024 + 123, seed: 9)
            let writer = store.makeMessageWriter()
            var offset = 0
            while offset < body.count {
                let end = min(offset + 10_000, body.count)
                try await writer.append(contentsOf: body[offset..<end])
                offset = end
            }
            let committed = try await writer.commit(envelope: Fixtures.envelope(size: body.count), jobs: [])
            let read = try #require(try await store.messageBody(committed.id))
            #expect(read.size == body.count)
            #expect(read.chunkCount == (body.count + 64 * 1024 - 1) / (64 * 1024))
            var reassembled: [UInt8] = []
            for try await chunk in read {
                #expect(chunk.readableBytes <= 64 * 1024)
                reassembled.append(contentsOf: chunk.readableBytesView)
            }
            #expect(reassembled == body)
        }
    }

    @Test(arguments: StoreKind.underTest)
    func emptyBodyIsAllowed(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let committed = try await store.makeMessageWriter().commit(envelope: Fixtures.envelope(), jobs: [])
            let read = try #require(try await store.messageBody(committed.id))
            #expect(try await read.collect(upTo: 10).readableBytes == 0)
        }
    }

    @Test(arguments: StoreKind.underTest)
    func writerCannotBeUsedAfterCommitOrAbort(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let writer = store.makeMessageWriter()
            try await writer.append(contentsOf: [1, 2, 3])
            _ = try await writer.commit(envelope: Fixtures.envelope(), jobs: [])
            await #expect(throws: QueueStoreError.writerFinished(writer.id)) {
                try await writer.append(contentsOf: [4])
            }
            let aborted = store.makeMessageWriter()
            try await aborted.append(contentsOf: [1])
            await aborted.abort()
            await #expect(throws: QueueStoreError.writerFinished(aborted.id)) {
                _ = try await aborted.commit(envelope: Fixtures.envelope(), jobs: [])
            }
            #expect(try await store.message(aborted.id) == nil)
        }
    }

    @Test(arguments: StoreKind.underTest)
    func concurrentCommitsAllBecomeDurable(_ kind: StoreKind) async throws {
        let metrics = TestMetrics()
        var configuration = QueueConfiguration()
        configuration.metricsFactory = metrics
        try await withStore(kind, configuration: configuration) { store, _ in
            let ids = try await withThrowingTaskGroup(of: [MessageID].self) { group in
                for producer in 0..<32 {
                    group.addTask {
                        var ids: [MessageID] = []
                        for index in 0..<16 {
                            let committed = try await Fixtures.enqueue(store, size: 5 * 1024 + producer + index)
                            ids.append(committed.id)
                        }
                        return ids
                    }
                }
                return try await group.reduce(into: [MessageID]()) { $0 += $1 }
            }
            #expect(Set(ids).count == 32 * 16)
            let statistics = try await store.statistics()
            #expect(statistics.messageCount == 32 * 16)
            #expect(statistics.count(kind: .inboundDeliver, state: .queued) == 32 * 16)
            // Group commit: concurrent enqueues shared transactions.
            let commits = try metrics.expectCounter("mailgate_queue_commits_total", [("store", kind.rawValue)]).totalValue
            let writes = try metrics.expectCounter("mailgate_queue_committed_writes_total", [("store", kind.rawValue)])
                .totalValue
            #expect(writes == 32 * 16)
            #expect(commits < writes / 2, "\(commits) commits for \(writes) writes")
            let enqueued = try metrics.expectCounter("mailgate_queue_enqueued_messages_total", [("store", kind.rawValue)])
            #expect(enqueued.totalValue == 32 * 16)
        }
    }

    @Test(arguments: StoreKind.underTest)
    func duplicateMessageIDFailsAloneInItsBatch(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let first = try await Fixtures.enqueue(store)
            let results = await withTaskGroup(of: Bool.self) { group in
                group.addTask {
                    (try? await store.enqueue(
                        message: ByteBuffer(bytes: [1]), envelope: Fixtures.envelope(), jobs: [], id: first.id)) != nil
                }
                for _ in 0..<8 {
                    group.addTask { (try? await Fixtures.enqueue(store)) != nil }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(results.filter { !$0 }.count == 1)
            #expect(try await store.statistics().messageCount == 9)
            let error = await #expect(throws: QueueStoreError.self) {
                try await store.enqueue(message: ByteBuffer(bytes: [1]), envelope: Fixtures.envelope(), jobs: [], id: first.id)
            }
            // The database's own constraint error stays available as the typed cause.
            guard case .duplicateID(_, let cause) = error else {
                Issue.record("expected duplicateID, got \(String(describing: error))")
                return
            }
            let underlying = try #require(cause?.error)
            #expect(["DatabaseError", "PSQLError"].contains(String(describing: type(of: underlying))))
        }
    }

    @Test(arguments: StoreKind.underTest)
    func jobsCanBeAddedToAnExistingMessageOnly(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let message = try await Fixtures.enqueue(store)
            let added = try await store.enqueue([JobSpec(kind: .eventDeliver, payload: Array("{}".utf8))], for: message.id)
            #expect(added.count == 1)
            #expect(try await store.jobs(for: message.id).count == 2)
            let missing = MessageID("no-such-message")
            await #expect(throws: QueueStoreError.messageNotFound(missing)) {
                _ = try await store.enqueue([JobSpec(kind: .eventDeliver)], for: missing)
            }
        }
    }

    @Test(arguments: StoreKind.underTest)
    func storeSurvivesReopen(_ kind: StoreKind) async throws {
        let url = try kind.makeURL()
        let clock = ManualWallClock(Fixtures.start)
        let first = try await QueueStoreFactory.open(url: url, clock: clock)
        let committed = try await Fixtures.enqueue(first, size: 2000)
        try await first.close()
        let second = try await QueueStoreFactory.open(url: url, clock: clock)
        let stored = try await second.message(committed.id)
        #expect(stored?.size == 2000)
        #expect(try await second.jobs(for: committed.id).count == 1)
        try await second.close()
    }
}
