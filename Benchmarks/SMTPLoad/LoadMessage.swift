import NIOCore
import SMTPProtocol

/// The one message every session sends: an envelope and a body of exactly `size` bytes (headers included),
/// already dot-stuffed and terminated for DATA so sessions only write the same buffer again, after a first
/// header line of their own, `X-Load-Sent: <Unix epoch nanoseconds, 19 digits>`, that a webhook receiver
/// reads to time the message from SMTP to its 2xx (`Benchmarks/WebhookSink`).
struct LoadMessage: Sendable {
    let envelope: SMTPClientMessage
    /// Everything after the `X-Load-Sent` line, up to and including the final dot.
    let encodedBody: ByteBuffer
    let size: Int

    static let stampName = "X-Load-Sent"
    /// The stamp line is fixed width so the message size stays exactly `size`.
    static let stampLength = stampName.utf8.count + 2 + 19 + 2

    /// The first line of the message data; it needs no dot-stuffing.
    static func stamp(epochNanoseconds: Int64) -> ByteBuffer {
        let digits = String(max(0, epochNanoseconds))
        return ByteBuffer(string: "\(stampName): \(String(repeating: "0", count: max(0, 19 - digits.count)))\(digits)\r\n")
    }

    init(from: String, to: String, size: Int) throws(LoadOptions.UsageError) {
        guard let sender = Self.mailbox(from), let recipient = Self.mailbox(to) else {
            throw LoadOptions.UsageError(description: "--from and --to must be local@domain addresses")
        }
        var parameters = SMTPMailParameters()
        parameters.size = UInt64(size)
        self.envelope = SMTPClientMessage(
            mailFrom: .mailbox(sender), parameters: parameters,
            recipients: [SMTPEnvelopeRecipient(path: .mailbox(recipient))])
        self.size = size

        var text = String(repeating: " ", count: Self.stampLength) + "From: <\(from)>\r\nTo: <\(to)>\r\nSubject: SMTP load\r\nMessage-ID: <load@example.com>\r\n\r\n"
        let line = String(repeating: "abcdefghijklmnopqrstuvwxyz0123456789", count: 2) + "\r\n"
        while text.utf8.count + line.utf8.count <= size { text += line }
        text += String(repeating: "x", count: max(0, size - text.utf8.count - 2)) + "\r\n"
        var encoder = SMTPDataEncoder()
        var encoded = ByteBuffer()
        // The stamp's room is counted while filling, then dropped: the stamp line is written separately.
        encoder.encode(ByteBuffer(string: String(text.dropFirst(Self.stampLength))), into: &encoded)
        encoder.finish(into: &encoded)
        self.encodedBody = encoded
    }

    private static func mailbox(_ address: String) -> SMTPMailbox? {
        guard let at = address.lastIndex(of: "@"), at != address.startIndex, address.index(after: at) != address.endIndex else {
            return nil
        }
        return SMTPMailbox(localPart: String(address[..<at]), domain: String(address[address.index(after: at)...]))
    }
}
