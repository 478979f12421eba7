import Foundation
import Webhooks

/// Checks a request the way a Standard Webhooks receiver does: some `v1,` signature in `webhook-signature`
/// must be the HMAC-SHA256 of `id.timestamp.body` under the secret. Mailgate's own signer computes the
/// expected value; the comparison is over the base64 text, constant time being of no concern here.
struct WebhookVerifier: Sendable {
    let signer: WebhookSigner

    init(secret: String) throws {
        signer = WebhookSigner(secrets: [try WebhookSecret(secret)])
    }

    func verify(id: String, timestamp: String, signatures: String, body: [UInt8]) -> Bool {
        guard !id.isEmpty, Int(timestamp) != nil else { return false }
        let expected = signer.signature(id: id, timestamp: timestamp, body: body)
        return signatures.split(separator: " ").contains { $0 == expected }
    }
}
