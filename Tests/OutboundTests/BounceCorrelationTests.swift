import Foundation
import MailModel
import MIME
import Queue
import Testing

@testable import Outbound

/// Which recipients a received report bounces: only relayed ones, of a message of ours, whose returned
/// `Message-ID` (when the report has one) is the one we relayed.
@Suite struct BounceCorrelationTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let message = StoredMessage(
        id: MessageID("m1"),
        envelope: Envelope(mailFrom: "app@example.com", rcptTo: ["one@example.net", "two@example.net", "three@example.net"], size: 10, receivedAt: now),
        metadata: [OutboundMessageMetadata.origin: OutboundMessageMetadata.originAPI, OutboundMessageMetadata.messageID: "m1@mx.example"],
        size: 10, createdAt: now)
    static let states = [
        RecipientState(address: "one@example.net", status: .relayed, reply: nil, updatedAt: now),
        RecipientState(address: "two@example.net", status: .bounced, reply: nil, updatedAt: now),
        RecipientState(address: "three@example.net", status: .deferred, reply: nil, updatedAt: now),
    ]

    static func report(messageID: String?, _ addresses: String...) -> ParsedDeliveryStatusReport {
        ParsedDeliveryStatusReport(
            envelopeID: "m1", reportingMTA: "mx.example.net", originalMessageID: messageID,
            failed: addresses.map {
                DeliveryStatusRecipient(finalRecipient: $0, status: "5.1.1", remoteMTA: nil, diagnostic: "550 5.1.1 user unknown")
            })
    }

    @Test func aRelayedRecipientBouncesWithTheRemoteDiagnostic() throws {
        let events = BounceCorrelation.events(
            for: Self.report(messageID: "m1@mx.example", "ONE@example.net", "one@example.net", "two@example.net", "three@example.net", "other@example.net"),
            message: Self.message, states: Self.states)
        #expect(events.map(\.recipient) == ["one@example.net"])
        #expect(events.first?.type == .bounced)
        let detail = try #require(UpstreamReplyDetail.decode(events.first?.detail))
        #expect(detail.code == 550 && detail.enhancedCode == "5.1.1" && detail.text == "550 5.1.1 user unknown")
        #expect(detail.upstream == "mx.example.net")
    }

    @Test func aReportWithoutReturnedHeaderIsTakenByItsEnvelopeID() {
        #expect(BounceCorrelation.events(for: Self.report(messageID: nil, "one@example.net"), message: Self.message, states: Self.states).count == 1)
    }

    @Test func anotherMessageIDOrAnInboundMessageChangesNothing() {
        #expect(BounceCorrelation.events(for: Self.report(messageID: "x@elsewhere", "one@example.net"), message: Self.message, states: Self.states).isEmpty)
        var inbound = Self.message
        inbound.metadata = [:]
        #expect(BounceCorrelation.events(for: Self.report(messageID: nil, "one@example.net"), message: inbound, states: Self.states).isEmpty)
    }
}
