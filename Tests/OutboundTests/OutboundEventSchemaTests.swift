import Foundation
import MailgateTestSupport
import Outbound
import Queue
import Testing

/// The event bodies the relay publishes (through `OutboundEventPublisher`, as the relay worker does) validate
/// against their `webhooks:` entries in openapi.yaml, each against its own type's entry and none against another's
/// (checked with Python's jsonschema, draft 2020-12).
@Suite struct OutboundEventSchemaTests {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static let webhookKeys: [OutboundEventType: String] = [
        .relayed: "messageRelayed", .deferred: "messageDeferred", .bounced: "messageBounced",
        .failed: "messageFailed", .canceled: "messageCanceled",
    ]

    /// One draft per outcome shape: an upstream reply with and without an enhanced code, and prose without one.
    static let drafts: [OutboundEventType: DeliveryEventDraft] = [
        .relayed: DeliveryEventDraft(
            recipient: "a@example.org", type: .relayed,
            detail: UpstreamReplyDetail(code: 250, enhancedCode: "2.0.0", text: "OK queued", upstream: "smtp.example:587", attempt: 1).encoded()),
        .deferred: DeliveryEventDraft(
            recipient: "b@example.org", type: .deferred,
            detail: UpstreamReplyDetail(code: nil, enhancedCode: nil, text: "no upstream reachable", upstream: nil, attempt: 2).encoded()),
        .bounced: DeliveryEventDraft(
            recipient: "c@example.org", type: .bounced,
            detail: UpstreamReplyDetail(code: 550, enhancedCode: nil, text: "no such user", upstream: "smtp.example:587", attempt: 1).encoded()),
        .failed: DeliveryEventDraft(recipient: "d@example.org", type: .failed, detail: "retries exhausted"),
        .canceled: DeliveryEventDraft(recipient: "e@example.org", type: .canceled, detail: "canceled"),
    ]

    @Test func everyEventTypeMatchesItsWebhookSchema() async throws {
        let publisher = OutboundEventPublisher(subscribers: [.init(name: "events.webhooks#0", types: Set(OutboundEventType.allCases))])
        let facts = OutboundEventPublisher.MessageFacts(
            messageID: MessageID("msg_0123"), messageIDHeader: "<x@example.org>",
            payload: OutboundRelayPayload(tags: ["welcome"], metadata: ["user": "42"]), attempts: 2)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("event-schema-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let spec = Self.testsDirectory.deletingLastPathComponent().appendingPathComponent("OpenAPI/openapi.yaml").path
        let script = Self.testsDirectory.appendingPathComponent("MIMETests/validate_schema.py").path
        let python = ProcessInfo.processInfo.environment["PYTHON3"] ?? "python3"
        var documents: [OutboundEventType: String] = [:]
        for type in OutboundEventType.allCases {
            let jobs = publisher.jobs(for: [try #require(Self.drafts[type])], facts: facts, now: Date())
            let job = try #require(jobs.first)
            #expect(jobs.count == 1 && job.kind == .eventDeliver)
            let body = try Self.body(ofJobPayload: job.payload)
            let path = directory.appendingPathComponent("\(type.rawValue).json")
            try Data(body).write(to: path)
            documents[type] = path.path
        }
        for type in OutboundEventType.allCases {
            let key = try #require(Self.webhookKeys[type])
            let own = try await ExternalTool.run(python, [script, "--webhook", key, spec, try #require(documents[type])])
            #expect(own.status == 0, "\(type.rawValue) does not match webhooks.\(key) (needs jsonschema and PyYAML):\n\(own.output)")
            // The per-type entries pin `type`: another type's body must not pass.
            let others = OutboundEventType.allCases.filter { $0 != type }.compactMap { documents[$0] }
            let foreign = try await ExternalTool.run(python, [script, "--webhook", key, spec] + others)
            #expect(foreign.status != 0 && foreign.output.contains("\(others.count) errors"), "webhooks.\(key) accepted other types:\n\(foreign.output)")
        }
    }

    /// The `event.deliver` job payload holds the exact body to POST, base64 (`EventJobPayload` in Webhooks).
    static func body(ofJobPayload payload: [UInt8]) throws -> [UInt8] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any])
        let encoded = try #require(object["body_base64"] as? String)
        return Array(try #require(Data(base64Encoded: encoded)))
    }
}
