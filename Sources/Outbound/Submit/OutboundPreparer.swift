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
        let recipients = try envelopeRecipients(submission)
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
        try checkSize(bytes, "the built message")
        return PreparedMessage(
            bytes: bytes, mailFrom: mailFrom, recipients: recipients, sendAt: sendAt, messageID: submission.draft.messageID)
    }

    /// A message over the relay's size limit would only bounce at the upstream; it is refused before it is stored.
    func checkSize(_ bytes: [UInt8], _ what: String) throws(OutboundRefusal) {
        guard bytes.count <= limits.maximumMessageSize else {
            throw OutboundRefusal(.tooLarge, field: nil,
                                  "\(what) has \(bytes.count) bytes; the relay takes at most \(limits.maximumMessageSize)")
        }
    }

    /// to, cc and bcc (or the override), each once: a mailbox listed twice gets one copy.
    func envelopeRecipients(_ submission: OutboundSubmission) throws(OutboundRefusal) -> [String] {
        var candidates: [(address: String, field: String)] = []
        if let override = submission.envelopeRecipients {
            candidates = override.enumerated().map { ($1, "/envelope/rcpt_to/\($0)") }
        } else {
            candidates += submission.draft.to.enumerated().map { ($1.address, "/to/\($0)") }
            candidates += submission.draft.cc.enumerated().map { ($1.address, "/cc/\($0)") }
            candidates += submission.bcc.enumerated().map { ($1.address, "/bcc/\($0)") }
        }
        return try checkedRecipients(candidates, noneField: "/to", noneMessage: "at least one recipient is needed in to, cc or bcc")
    }

    /// The envelope recipients from `candidates` (each with the request field it came from), each once and each
    /// an ASCII RFC 5321 mailbox; at least one and at most the limit.
    func checkedRecipients(
        _ candidates: [(address: String, field: String)], noneField: String?, noneMessage: String
    ) throws(OutboundRefusal) -> [String] {
        var result: [String] = []
        var seen: Set<String> = []
        for (address, field) in candidates {
            guard let mailbox = SMTPMailbox(parsing: address) else {
                throw OutboundRefusal(.unprocessable, field: field, "\"\(address)\" is not an RFC 5321 mailbox")
            }
            guard mailbox.isASCII else {
                throw OutboundRefusal(.unprocessable, field: field,
                                      "\"\(address)\" needs SMTPUTF8, which the relay does not offer yet")
            }
            if seen.insert(address.lowercased()).inserted { result.append(address) }
        }
        guard !result.isEmpty else { throw OutboundRefusal(.unprocessable, field: noneField, noneMessage) }
        guard result.count <= limits.maximumRecipients else {
            throw OutboundRefusal(.unprocessable, field: noneField,
                                  "\(result.count) recipients; at most \(limits.maximumRecipients) per message")
        }
        return result
    }

    static func envelopeSender(_ submission: OutboundSubmission) throws(OutboundRefusal) -> String {
        if let override = submission.envelopeMailFrom {
            return try checkedSender(override, field: "/envelope/mail_from", nullAllowed: true)
        }
        return try checkedSender(submission.draft.from.address, field: "/from", nullAllowed: false)
    }

    /// An ASCII RFC 5321 mailbox, or `""` (the null sender) where the caller may ask for it.
    static func checkedSender(_ address: String, field: String, nullAllowed: Bool) throws(OutboundRefusal) -> String {
        if address.isEmpty && nullAllowed { return "" }
        guard let mailbox = SMTPMailbox(parsing: address), mailbox.isASCII else {
            throw OutboundRefusal(.unprocessable, field: field, "\"\(address)\" is not an RFC 5321 mailbox")
        }
        return address
    }
}
