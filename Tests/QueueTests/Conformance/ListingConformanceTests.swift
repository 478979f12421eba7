import Foundation
import MailModel
import NIOCore
import Queue
import Testing

/// The message listing and discarding: one suite, run against every store implementation.
@Suite("Conformance: listing")
struct ListingConformanceTests {
    @Test(arguments: StoreKind.underTest)
    func listsNewestFirstWithFiltersStatesAndPaging(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, clock in
            func add(_ from: String, _ to: [String], jobs: Int) async throws -> MessageID {
                let envelope = Envelope(mailFrom: from, rcptTo: to, receivedAt: clock.now())
                let specs = (0..<jobs).map { _ in JobSpec(kind: .inboundDeliver, recipients: to) }
                let id = try await store.enqueue(message: ByteBuffer(string: "Subject: x\r\n\r\nbody\r\n"), envelope: envelope, jobs: specs).id
                clock.advance(by: .seconds(1))
                return id
            }
            let held = try await add("a@example.org", ["Support@Example.com"], jobs: 0)
            let delivered = try await add("b@example.org", ["sales@example.com"], jobs: 1)
            let refused = try await add("A@example.org", ["support@example.com", "x@example.com"], jobs: 1)
            let pending = try await add("c@example.org", ["other@example.com"], jobs: 2)

            let leased = try await store.lease(kinds: [.inboundDeliver], limit: 2, owner: "w")
            for job in leased {
                if job.job.messageID == delivered { try await store.complete(job.lease) }
                if job.job.messageID == refused { _ = try await store.fail(job.lease, .permanent("HTTP 404")) }
            }
            let all = try await store.messages(matching: MessageQuery())
            #expect(all.map(\.message.id) == [pending, refused, delivered, held])
            #expect(all.map(\.state) == [.pending, .failed, .delivered, .held])
            #expect(all[3].message.envelope.rcptTo == ["Support@Example.com"])

            let bySupport = try await store.messages(matching: MessageQuery(recipient: "support@example.COM"))
            #expect(bySupport.map(\.message.id) == [refused, held])
            let bySender = try await store.messages(matching: MessageQuery(sender: "a@EXAMPLE.org"))
            #expect(bySender.map(\.message.id) == [refused, held])
            let byState = try await store.messages(matching: MessageQuery(state: .held))
            #expect(byState.map(\.message.id) == [held])
            let window = try await store.messages(
                matching: MessageQuery(since: Fixtures.start.addingTimeInterval(1), until: Fixtures.start.addingTimeInterval(3)))
            #expect(window.map(\.message.id) == [refused, delivered])

            let first = try await store.messages(matching: MessageQuery(limit: 3))
            #expect(first.map(\.message.id) == [pending, refused, delivered])
            let second = try await store.messages(matching: MessageQuery(before: first.last?.message.id, limit: 3))
            #expect(second.map(\.message.id) == [held])
        }
    }

    /// The outbound listing's filters: messages with an `origin` in their metadata, and the tags of their relay
    /// job's payload. An inbound job whose payload is not JSON must not break the tag filter.
    @Test(arguments: StoreKind.underTest)
    func filtersByMetadataKeyAndRelayTag(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, clock in
            func add(origin: String?, jobs: [JobSpec]) async throws -> MessageID {
                let envelope = Envelope(mailFrom: "app@example.com", rcptTo: ["to@example.net"], receivedAt: clock.now())
                let id = try await store.enqueue(
                    message: ByteBuffer(string: "Subject: x\r\n\r\nbody\r\n"), envelope: envelope,
                    metadata: origin.map { ["origin": $0] } ?? [:], jobs: jobs
                ).id
                clock.advance(by: .seconds(1))
                return id
            }
            func relay(_ payload: String) -> JobSpec {
                JobSpec(kind: .outboundRelay, recipients: ["to@example.net"], payload: Array(payload.utf8))
            }
            let inbound = try await add(origin: nil, jobs: [JobSpec(kind: .inboundDeliver, payload: Array("not json".utf8))])
            let welcome = try await add(origin: "api", jobs: [relay(#"{"v":1,"tags":["welcome","spring"],"metadata":{}}"#)])
            let receipt = try await add(origin: "api", jobs: [relay(#"{"v":1,"tags":["receipt"],"metadata":{}}"#)])
            let submitted = try await add(origin: "smtp", jobs: [relay(#"{"v":1,"tags":[],"metadata":{}}"#)])
            // A tag given as metadata or a payload that only mentions it in a string does not count.
            let lookalike = try await add(origin: "api", jobs: [relay(#"{"v":1,"tags":[],"metadata":{"welcome":"welcome"}}"#)])

            let outbound = try await store.messages(matching: MessageQuery(metadataKey: "origin"))
            #expect(outbound.map(\.message.id) == [lookalike, submitted, receipt, welcome])
            let all = try await store.messages(matching: MessageQuery())
            #expect(all.map(\.message.id).last == inbound)

            let tagged = try await store.messages(matching: MessageQuery(metadataKey: "origin", tag: "welcome"))
            #expect(tagged.map(\.message.id) == [welcome])
            #expect(try await store.messages(matching: MessageQuery(tag: "spring")).map(\.message.id) == [welcome])
            #expect(try await store.messages(matching: MessageQuery(tag: "Welcome")).isEmpty)
            let paged = try await store.messages(matching: MessageQuery(metadataKey: "origin", before: receipt, limit: 5))
            #expect(paged.map(\.message.id) == [welcome])
        }
    }

    @Test(arguments: StoreKind.underTest)
    func discardRemovesMessageBodyJobsAndHistory(_ kind: StoreKind) async throws {
        try await withStore(kind, configuration: QueueConfiguration(chunkSize: 1024)) { store, _ in
            let kept = try await Fixtures.enqueue(store, jobs: 1, size: 100)
            let doomed = try await Fixtures.enqueue(store, jobs: 2, size: 5000)
            try await store.discard(doomed.id)
            try await store.discard(MessageID("no-such-message"))
            #expect(try await store.message(doomed.id) == nil)
            #expect(try await store.messageBody(doomed.id) == nil)
            #expect(try await store.jobs(for: doomed.id).isEmpty)
            #expect(try await store.events(for: doomed.id).isEmpty)
            #expect(try await store.job(doomed.jobIDs[0]) == nil)
            #expect(try await store.message(kept.id) != nil)
            #expect(try await store.statistics().messageCount == 1)
            let pruned = try await store.prune()
            #expect(pruned.abandonedChunks == 0)
        }
    }
}
