import Foundation
import MailgateTestSupport
import Testing

/// An 8-bit message relayed to an upstream without 8BITMIME: Python's smtplib submits it over 587 with
/// `BODY=8BITMIME`, the aiosmtpd sink withholds 8BITMIME (and would refuse 8-bit data), and what arrives is 7-bit
/// and reads back, with Python's `email`, as the same text and attachment.
@Suite(.serialized) struct SevenBitRelayTests {
    /// Python's smtplib submits an 8-bit multipart message (UTF-8 text, an attachment of bytes 128…255) over 587
    /// with `BODY=8BITMIME`; returns its output, which ends with the reply to the final dot.
    static func submitEightBitMessage(_ gateway: GatewayInstance, from: String = "app@example.com") async throws -> String {
        let submit = """
            import smtplib, ssl, sys
            message = (b"From: " + sys.argv[4].encode() + b"\\r\\nTo: one@example.net\\r\\nSubject: 8-bit\\r\\nMIME-Version: 1.0\\r\\n"
                       b"Content-Type: multipart/mixed; boundary=\\"b1\\"\\r\\n\\r\\n"
                       b"--b1\\r\\nContent-Type: text/plain; charset=utf-8\\r\\nContent-Transfer-Encoding: 8bit\\r\\n\\r\\n"
                       + "Grüße aus Köln, 日本語.\\r\\nZweite Zeile.\\r\\n".encode()
                       + b"--b1\\r\\nContent-Type: application/octet-stream\\r\\nContent-Disposition: attachment; filename=a.bin\\r\\n"
                       b"Content-Transfer-Encoding: 8bit\\r\\n\\r\\n" + bytes(range(128, 256)) + b"\\r\\n--b1--\\r\\n")
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            with smtplib.SMTP("127.0.0.1", int(sys.argv[1]), timeout=30) as client:
                client.starttls(context=context)
                client.login(sys.argv[2], sys.argv[3])
                client.mail(sys.argv[4], ["BODY=8BITMIME"])
                client.rcpt("one@example.net")
                code, reply = client.data(message)
                print("sent", code, reply.decode())
            """
        let sent = try await ExternalTool.run(
            "python3", ["-c", submit, String(gateway.submissionPort), gateway.user, gateway.password, from])
        #expect(sent.output.contains("sent 250"), "\(sent.output)")
        return sent.output
    }

    @Test func anEightBitMessageArrivesReEncodedAtASevenBitUpstream() async throws {
        let directory = try TemporaryDirectory()
        let relay = try await SinkRelay(directory: directory, sevenBit: true)
        _ = try await Self.submitEightBitMessage(relay.gateway)

        let transaction = try #require(try await relay.transactions(count: 1).first, "nothing relayed: \(relay.gateway.stderr)")
        #expect(transaction.recipients == ["one@example.net"])
        #expect(transaction.data.allSatisfy { $0 < 0x80 }, "the relayed message is 7-bit")

        let read = """
            import email, email.policy, json, sys
            message = email.message_from_bytes(sys.stdin.buffer.read(), policy=email.policy.default)
            parts = list(message.iter_parts())
            print(json.dumps({"text": message.get_body(("plain",)).get_content(),
                              "encodings": [str(part["Content-Transfer-Encoding"]) for part in parts],
                              "attachment": list(next(message.iter_attachments()).get_content())}))
            """
        let parsed = try await ExternalTool.run("python3", ["-c", read], stdin: String(decoding: transaction.data, as: UTF8.self))
        let fields = SendAPITests.json(parsed.output)
        // The line break before "--b1" belongs to the boundary (RFC 2046 §5.1.1), so the text ends without one.
        #expect((fields["text"] as? String)?.replacingOccurrences(of: "\r\n", with: "\n") == "Grüße aus Köln, 日本語.\nZweite Zeile.", "\(parsed.output)")
        #expect(fields["encodings"] as? [String] == ["quoted-printable", "base64"])
        #expect(fields["attachment"] as? [Int] == Array(128..<256))
        await relay.stop()
    }
}
