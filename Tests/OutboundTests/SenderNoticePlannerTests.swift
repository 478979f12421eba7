import Foundation
import MIME
import Queue
import Testing

@testable import Outbound

/// When a DSN is queued, and what it says (RFC 3464 via `SenderNotice`).
@Suite struct SenderNoticePlannerTests {
    static let bounced = DeliveryEventDraft(
        recipient: "bounce@example.net", type: .bounced,
        detail: UpstreamReplyDetail(code: 550, enhancedCode: "5.1.1", text: "no such user", upstream: "smtp.example.net:587", attempt: 1).encoded())
    static let relayed = DeliveryEventDraft(
        recipient: "one@example.net", type: .relayed,
        detail: UpstreamReplyDetail(code: 250, enhancedCode: "2.0.0", text: "ok", upstream: "smtp.example.net:587", attempt: 1).encoded())
    static let deferred = DeliveryEventDraft(
        recipient: "later@example.net", type: .deferred,
        detail: UpstreamReplyDetail(code: 451, enhancedCode: "4.2.1", text: "busy", upstream: "smtp.example.net:587", attempt: 1).encoded())
    static let submitted = OutboundRelayPayload(notifySender: true)

    static func notice(_ job: JobSpec?) -> SenderNotice? {
        job.flatMap { OutboundRelayPayload.decode($0.payload).senderNotice }
    }

    @Test func aBounceIsReportedToTheEnvelopeSenderOnly() throws {
        let job = try #require(SenderNoticePlanner.job(
            for: [Self.relayed, Self.bounced, Self.deferred], mailFrom: "app@example.com", payload: Self.submitted, messageID: "dsn@x"))
        #expect(job.kind == .outboundRelay)
        #expect(job.recipients == ["app@example.com"])
        let payload = OutboundRelayPayload.decode(job.payload)
        #expect(payload.notifySender == false, "a DSN never causes another")
        #expect(payload.senderNotice == SenderNotice(messageID: "dsn@x", recipients: [
            DeliveryStatusRecipient(finalRecipient: "bounce@example.net", status: "5.1.1", remoteMTA: "smtp.example.net:587", diagnostic: "550 5.1.1 no such user"),
        ]))
    }

    @Test(arguments: [
        ("", true, "the null sender"),
        ("app@example.com", false, "notify_sender off (an API send, or relay.notify_sender: false)"),
    ])
    func noDSN(mailFrom: String, notify: Bool, why: String) {
        let payload = OutboundRelayPayload(notifySender: notify)
        #expect(SenderNoticePlanner.job(for: [Self.bounced], mailFrom: mailFrom, payload: payload, messageID: "dsn@x") == nil, "\(why)")
    }

    @Test func aDSNIsNeverReportedOn() {
        var payload = Self.submitted
        payload.senderNotice = SenderNotice(messageID: "dsn@x", recipients: [])
        #expect(SenderNoticePlanner.job(for: [Self.bounced], mailFrom: "app@example.com", payload: payload, messageID: "dsn@y") == nil)
    }

    @Test func onlyEndedRecipientsAreReported() {
        #expect(SenderNoticePlanner.job(
            for: [Self.relayed, Self.deferred], mailFrom: "app@example.com", payload: Self.submitted, messageID: "dsn@x") == nil)
    }

    @Test func aRecipientWhoseRetriesRanOutIsReportedAsExpired() throws {
        let failed = DeliveryEventDraft(recipient: "later@example.net", type: .failed, detail: "retry horizon passed")
        let notice = try #require(Self.notice(SenderNoticePlanner.job(
            for: [failed], mailFrom: "app@example.com", payload: Self.submitted, messageID: "dsn@x")))
        #expect(notice.recipients == [
            DeliveryStatusRecipient(finalRecipient: "later@example.net", status: "5.4.7", remoteMTA: nil, diagnostic: "retry horizon passed"),
        ])
    }

    @Test func theJobPayloadRoundTripsAndOldPayloadsStillRead() {
        let notice = SenderNotice(messageID: "m@x", recipients: [
            DeliveryStatusRecipient(finalRecipient: "b@example.net", status: "5.0.0", remoteMTA: nil, diagnostic: "x"),
        ])
        let payload = OutboundRelayPayload(notifySender: false, senderNotice: notice)
        #expect(OutboundRelayPayload.decode(payload.encoded()) == payload)
        let old = OutboundRelayPayload.decode(Array(#"{"v":1,"tags":[],"metadata":{},"notify_sender":true}"#.utf8))
        #expect(old.notifySender && old.senderNotice == nil)
    }
}
