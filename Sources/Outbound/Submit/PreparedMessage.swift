import Foundation

/// A send request that passed every check: the bytes to store and the envelope to relay them with.
public struct PreparedMessage: Sendable, Hashable {
    public var bytes: [UInt8]
    public var mailFrom: String
    public var recipients: [String]
    /// nil: due now.
    public var sendAt: Date?
    /// The `Message-ID` header's value, without angle brackets.
    public var messageID: String
}
