import DKIM
import MailModel
import Queue

extension DKIMSignerSet {
    /// Whether a stored message is signed when it is relayed: mail submitted over SMTP is stored as received
    /// (the session streams it into the store before its From: is known to any signer), so it is signed at
    /// relay time; API sends were signed before their commit.
    public func signsAtRelay(_ message: StoredMessage) -> Bool {
        !isEmpty && message.metadata[OutboundMessageMetadata.origin] == OutboundMessageMetadata.originSMTP
    }

    /// The bytes relayed for a stored message: its body, signed at relay time when `signsAtRelay`. The
    /// signature's `t=` is the time the message was received, not the attempt's time, so every attempt and
    /// `GET /v1/messages/{id}/raw` produce the same bytes.
    public func relayedBytes(of message: StoredMessage, body: [UInt8]) throws(DKIMError) -> [UInt8] {
        guard signsAtRelay(message) else { return body }
        return try sign(body, now: message.envelope.receivedAt)
    }
}
