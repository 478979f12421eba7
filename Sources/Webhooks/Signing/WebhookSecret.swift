import Foundation

/// A signing secret as configured. Standard Webhooks secrets are `whsec_` + base64 of the key bytes; any
/// other string is used as UTF-8 key bytes, for receivers that configured a plain shared secret.
public struct WebhookSecret: Sendable, Equatable {
    public let key: [UInt8]

    public enum ParseError: Error, Equatable, CustomStringConvertible {
        case empty
        case invalidBase64

        public var description: String {
            switch self {
            case .empty: "the webhook secret is empty"
            case .invalidBase64: "a whsec_ secret must be followed by base64"
            }
        }
    }

    public init(_ text: String) throws(ParseError) {
        guard !text.isEmpty else { throw .empty }
        if text.hasPrefix("whsec_") {
            guard let decoded = Data(base64Encoded: String(text.dropFirst(6))), !decoded.isEmpty else { throw .invalidBase64 }
            key = Array(decoded)
        } else {
            key = Array(text.utf8)
        }
    }
}
