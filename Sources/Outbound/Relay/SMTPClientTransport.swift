import MIME
import MailModel
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

    public func relay(_ envelope: Envelope, body: MessageBody) async -> RelayAttempt {
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
        for address in envelope.rcptTo {
            if let mailbox = SMTPMailbox(parsing: address) {
                recipients.append(SMTPEnvelopeRecipient(path: .mailbox(mailbox)))
            } else {
                unsendable.append(RecipientReply(recipient: address, reply: SMTPReply(553, "5.1.3", "invalid recipient address")))
            }
        }
        guard !recipients.isEmpty else { return .replies(unsendable, upstream: "none") }
        var message = SMTPClientMessage(mailFrom: reversePath, recipients: recipients)
        message.parameters.envelopeID = envelope.envelopeID
        // Declared so that an upstream without 8BITMIME refuses before the body instead of receiving it broken.
        if await Self.hasEightBitBytes(body) { message.parameters.body = .eightBitMIME }
        let result = await client.relay(message, size: envelope.size, body: body)
        if case .failed(let failure) = result, case .refused(.eightBitMIMEUnsupported) = failure.reason {
            return await relaySevenBit(message, envelope: envelope, body: body, unsendable: unsendable, refusal: failure)
        }
        return Self.attempt(result, unsendable: unsendable)
    }

    /// Every upstream lacks 8BITMIME: the message goes again, re-encoded to 7 bits (RFC 6152 §3).
    /// DKIM: re-encoding here would break a signature, so a message is never signed in 8 bits: the signer
    /// re-encodes it first (`DKIMSignerSet.sign`), and a signed message reaches this point only when it cannot
    /// be re-encoded at all (`.refused` below, unchanged by this function).
    private func relaySevenBit(
        _ message: SMTPClientMessage, envelope: Envelope, body: MessageBody, unsendable: [RecipientReply],
        refusal: SMTPRelayFailure
    ) async -> RelayAttempt {
        let original: [UInt8]
        do {
            original = Array(buffer: try await body.collect(upTo: max(envelope.size, body.size)))
        } catch {
            return .sessionFailed(reason: "reading the message to re-encode it: \(error)", permanent: false, reply: nil, upstream: nil)
        }
        switch SevenBitDowngrader.downgrade(original) {
        case .downgraded(let sevenBit):
            var message = message
            message.parameters.body = nil
            let result = await client.relay(
                message, size: sevenBit.count, body: MessageBody(messageID: body.messageID, bytes: sevenBit))
            return Self.attempt(result, unsendable: unsendable)
        case .unchanged:
            return Self.attempt(.failed(refusal), unsendable: unsendable)
        case .refused(let reason):
            return .sessionFailed(
                reason: "no upstream offers 8BITMIME and the message cannot be re-encoded: \(reason)", permanent: true,
                reply: SMTPClientMessageRefusal.eightBitMIMEUnsupported.reply, upstream: refusal.upstream)
        }
    }

    static func attempt(_ result: SMTPRelayResult, unsendable: [RecipientReply]) -> RelayAttempt {
        switch result {
        case .replied(let report):
            let replies = report.results.map {
                RecipientReply(recipient: $0.recipient.path.mailbox?.description ?? "", reply: $0.reply)
            }
            return .replies(replies + unsendable, upstream: report.upstream)
        case .failed(let failure):
            // A message no upstream can take as it is (over SIZE, SMTPUTF8) bounces now rather than being
            // retried for days.
            var permanent = failure.isPermanent
            if case .refused = failure.reason { permanent = true }
            return .sessionFailed(
                reason: failure.description, permanent: permanent, reply: failure.reply, upstream: failure.upstream)
        }
    }

    /// Scans the stored body chunk by chunk, keeping none of it.
    static func hasEightBitBytes(_ body: MessageBody) async -> Bool {
        do {
            for try await chunk in body where chunk.readableBytesView.contains(where: { $0 >= 0x80 }) {
                return true
            }
        } catch {
            // Unreadable now: the relay's own read of the body reports it.
        }
        return false
    }
}
