import NIOCore
import Queue
import SMTPClient
import SMTPProtocol

/// The real transport: one transaction per attempt through `SMTPRelayClient` (pooled connections, upstream
/// priorities, failover and circuit breakers), its report turned into a `RelayAttempt`.
public struct SMTPClientTransport: RelayTransport {
    private let client: SMTPRelayClient

    public init(client: SMTPRelayClient) {
        self.client = client
    }

    public func relay(_ envelope: RelayEnvelope, body: some AsyncSequence<ByteBuffer, any Error> & Sendable) async -> RelayAttempt {
        let reversePath: SMTPReversePath
        if envelope.mailFrom.isEmpty {
            reversePath = .null
        } else if let mailbox = SMTPMailbox(parsing: envelope.mailFrom) {
            reversePath = .mailbox(mailbox)
        } else {
            return .sessionFailed(
                reason: "the envelope sender \"\(envelope.mailFrom)\" is not an RFC 5321 mailbox", permanent: true,
                reply: SMTPReply(553, "5.1.7", "invalid sender address"), upstream: nil)
        }
        var recipients: [SMTPEnvelopeRecipient] = []
        var unsendable: [RecipientReply] = []
        for address in envelope.recipients {
            if let mailbox = SMTPMailbox(parsing: address) {
                recipients.append(SMTPEnvelopeRecipient(path: .mailbox(mailbox)))
            } else {
                unsendable.append(RecipientReply(recipient: address, reply: SMTPReply(553, "5.1.3", "invalid recipient address")))
            }
        }
        guard !recipients.isEmpty else { return .replies(unsendable, upstream: "none") }
        let message = SMTPClientMessage(mailFrom: reversePath, recipients: recipients)
        switch await client.relay(message, size: envelope.size, body: body) {
        case .replied(let report):
            let replies = report.results.map {
                RecipientReply(recipient: $0.recipient.path.mailbox?.description ?? "", reply: $0.reply)
            }
            return .replies(replies + unsendable, upstream: report.upstream)
        case .failed(let failure):
            // A message no upstream can take as it is (over SIZE, SMTPUTF8, 8-bit to a 7-bit server: re-encoding
            // is not done yet) bounces now rather than being retried for days.
            var permanent = failure.isPermanent
            if case .refused = failure.reason { permanent = true }
            return .sessionFailed(
                reason: failure.description, permanent: permanent, reply: failure.reply, upstream: failure.upstream)
        }
    }
}
