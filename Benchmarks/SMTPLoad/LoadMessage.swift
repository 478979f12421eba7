import NIOCore
import SMTPProtocol

/// The one message every session sends: an envelope and a body of exactly `size` bytes (headers included),
/// already dot-stuffed and terminated for DATA so sessions only write the same buffer again.
struct LoadMessage: Sendable {
    let envelope: SMTPClientMessage
    let encodedBody: ByteBuffer
    let size: Int

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

        var text = "From: <\(from)>\r\nTo: <\(to)>\r\nSubject: SMTP load\r\nMessage-ID: <load@example.com>\r\n\r\n"
        let line = String(repeating: "abcdefghijklmnopqrstuvwxyz0123456789", count: 2) + "\r\n"
        while text.utf8.count + line.utf8.count <= size { text += line }
        text += String(repeating: "x", count: max(0, size - text.utf8.count - 2)) + "\r\n"
        var encoder = SMTPDataEncoder()
        var encoded = ByteBuffer()
        encoder.encode(ByteBuffer(string: text), into: &encoded)
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
