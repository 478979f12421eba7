import Foundation
import MIME
import SMTPProtocol

/// The checks a send request must pass beyond what the builder enforces (recipients, envelope, schedule,
/// size) and the built bytes. Pure: `mailgate build` and the send API share it.
public struct OutboundPreparer: Sendable {
    public struct Limits: Sendable, Hashable {
        /// The relay's message size limit: a larger built message is refused before it is stored.
        public var maximumMessageSize: Int
        public var maximumRecipients: Int
        /// How far ahead `send_at` may be.
        public var maximumSchedule: Duration

        public init(maximumMessageSize: Int = 25 * 1024 * 1024, maximumRecipients: Int = 1000,
                    maximumSchedule: Duration = .seconds(7 * 24 * 3600)) {
            self.maximumMessageSize = maximumMessageSize
            self.maximumRecipients = maximumRecipients
            self.maximumSchedule = maximumSchedule
        }
    }

    public let builder: MessageBuilder
    public let limits: Limits

    public init(builder: MessageBuilder = MessageBuilder(), limits: Limits = Limits()) {
        self.builder = builder
        self.limits = limits
    }

    /// Checks the request and builds the message; nothing is stored.
    public func prepare(_ submission: OutboundSubmission, now: Date) throws(OutboundRefusal) -> PreparedMessage {
        let recipients = try Self.envelopeRecipients(submission)
        guard recipients.count <= limits.maximumRecipients else {
            throw OutboundRefusal(.unprocessable, field: "/to",
                                  "\(recipients.count) recipients; at most \(limits.maximumRecipients) per message")
        }
        let mailFrom = try Self.envelopeSender(submission)
        var sendAt = submission.sendAt
        if let requested = sendAt {
            if requested.timeIntervalSince(now) > Double(limits.maximumSchedule.components.seconds) {
                throw OutboundRefusal(.unprocessable, field: "/send_at",
                                      "send_at may be at most \(Int(Double(limits.maximumSchedule.components.seconds) / 86400)) days ahead")
            }
            // A time in the past means "now"; it is not worth refusing a clock a little behind.
            if requested <= now { sendAt = nil }
        }
        let bytes: [UInt8]
        do {
            bytes = try builder.build(submission.draft)
        } catch {
            throw OutboundRefusal(.unprocessable, field: error.field, error.description)
        }
        guard bytes.count <= limits.maximumMessageSize else {
            throw OutboundRefusal(.tooLarge, field: nil,
                                  "the built message has \(bytes.count) bytes; the relay takes at most \(limits.maximumMessageSize)")
        }
        return PreparedMessage(bytes: bytes, mailFrom: mailFrom, recipients: recipients, sendAt: sendAt)
    }

    /// to, cc and bcc (or the override), each once: a mailbox listed twice gets one copy.
    static func envelopeRecipients(_ submission: OutboundSubmission) throws(OutboundRefusal) -> [String] {
        var result: [String] = []
        var seen: Set<String> = []
        func add(_ address: String, field: String) throws(OutboundRefusal) {
            guard let mailbox = SMTPMailbox(parsing: address) else {
                throw OutboundRefusal(.unprocessable, field: field, "\"\(address)\" is not an RFC 5321 mailbox")
            }
            guard mailbox.isASCII else {
                throw OutboundRefusal(.unprocessable, field: field,
                                      "\"\(address)\" needs SMTPUTF8, which the relay does not offer yet")
            }
            if seen.insert(address.lowercased()).inserted { result.append(address) }
        }
        if let override = submission.envelopeRecipients {
            for (index, address) in override.enumerated() { try add(address, field: "/envelope/rcpt_to/\(index)") }
        } else {
            for (index, mailbox) in submission.draft.to.enumerated() { try add(mailbox.address, field: "/to/\(index)") }
            for (index, mailbox) in submission.draft.cc.enumerated() { try add(mailbox.address, field: "/cc/\(index)") }
            for (index, mailbox) in submission.bcc.enumerated() { try add(mailbox.address, field: "/bcc/\(index)") }
        }
        guard !result.isEmpty else {
            throw OutboundRefusal(.unprocessable, field: "/to", "at least one recipient is needed in to, cc or bcc")
        }
        return result
    }

    static func envelopeSender(_ submission: OutboundSubmission) throws(OutboundRefusal) -> String {
        if let override = submission.envelopeMailFrom {
            if override.isEmpty { return "" }
            guard let mailbox = SMTPMailbox(parsing: override), mailbox.isASCII else {
                throw OutboundRefusal(.unprocessable, field: "/envelope/mail_from",
                                      "\"\(override)\" is not an RFC 5321 mailbox")
            }
            return override
        }
        let from = submission.draft.from.address
        guard let mailbox = SMTPMailbox(parsing: from), mailbox.isASCII else {
            throw OutboundRefusal(.unprocessable, field: "/from", "\"\(from)\" is not an RFC 5321 mailbox")
        }
        return from
    }
}
