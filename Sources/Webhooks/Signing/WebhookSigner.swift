import Digests
import Foundation

/// Signs webhook requests per the Standard Webhooks scheme: `webhook-signature: v1,<base64 HMAC-SHA256 of
/// "id.timestamp.body">`, one signature per secret (space-separated) so a receiver can rotate secrets.
public struct WebhookSigner: Sendable {
    public let secrets: [WebhookSecret]

    public init(secrets: [WebhookSecret]) {
        self.secrets = secrets
    }

    /// The three headers for one delivery attempt. `id` is stable across retries of the same delivery;
    /// `timestamp` is the attempt's time (receivers reject stale ones).
    public func headers(id: String, timestamp: Date, body: [UInt8]) -> [(name: String, value: String)] {
        let seconds = String(Int(timestamp.timeIntervalSince1970.rounded(.down)))
        return [
            ("webhook-id", id),
            ("webhook-timestamp", seconds),
            ("webhook-signature", signature(id: id, timestamp: seconds, body: body)),
        ]
    }

    public func signature(id: String, timestamp: String, body: [UInt8]) -> String {
        let content = Array("\(id).\(timestamp).".utf8) + body
        return secrets.map { secret in
            "v1," + Data(HMACSHA256.authenticate(content, key: secret.key)).base64EncodedString()
        }.joined(separator: " ")
    }
}
