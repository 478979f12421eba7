import Foundation

/// What an `outbound.relay` job carries that the message's envelope does not: the caller's tags and metadata
/// (echoed in every event) and the DSN wishes of an SMTP submission. Never a secret (ARCHITECTURE.md).
public struct OutboundRelayPayload: Sendable, Hashable, Codable {
    /// Bumped when the shape changes in a way an older worker could misread.
    public var version: Int
    public var tags: [String]
    public var metadata: [String: String]
    /// A bounced or failed recipient gets a DSN back to the envelope sender (SMTP submissions only).
    public var notifySender: Bool
    /// Set on a delivery status notification's own job: the job relays the DSN built from it, from the null
    /// sender to the original envelope sender, instead of the stored message.
    public var senderNotice: SenderNotice?

    public init(
        tags: [String] = [], metadata: [String: String] = [:], notifySender: Bool = false,
        senderNotice: SenderNotice? = nil
    ) {
        self.version = 1
        self.tags = tags
        self.metadata = metadata
        self.notifySender = notifySender
        self.senderNotice = senderNotice
    }

    enum CodingKeys: String, CodingKey {
        case version = "v"
        case tags
        case metadata
        case notifySender = "notify_sender"
        case senderNotice = "sender_notice"
    }

    public func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding a struct of strings cannot fail.
        return Array((try? encoder.encode(self)) ?? Data("{}".utf8))
    }

    /// A payload that cannot be read (written by a newer version, or damaged) reads as empty rather than
    /// stopping the relay: tags and metadata only decorate events.
    public static func decode(_ bytes: [UInt8]) -> OutboundRelayPayload {
        (try? JSONDecoder().decode(OutboundRelayPayload.self, from: Data(bytes))) ?? OutboundRelayPayload()
    }
}
