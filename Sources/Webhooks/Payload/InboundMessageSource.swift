import Foundation
import MailModel

/// A stored message as the webhook renderers need it: the bytes, the envelope and its identity.
public struct InboundMessageSource: Sendable {
    public var id: String
    public var receivedAt: Date
    /// The stored envelope, its recipients narrowed to the delivery's.
    public var envelope: Envelope
    public var bytes: [UInt8]

    public init(id: String, receivedAt: Date, envelope: Envelope, bytes: [UInt8]) {
        self.id = id
        self.receivedAt = receivedAt
        self.envelope = envelope
        self.bytes = bytes
    }
}
