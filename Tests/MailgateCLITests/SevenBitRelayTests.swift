import Foundation
import MailgateTestSupport
import Testing

/// An 8-bit message relayed to an upstream without 8BITMIME: Python's smtplib submits it over 587 with
/// `BODY=8BITMIME`, the aiosmtpd sink withholds 8BITMIME (and would refuse 8-bit data), and what arrives is 7-bit
/// and reads back, with Python's `email`, as the same text and attachment.
@Suite(.serialized) struct SevenBitRelayTests {
    @Test func anEightBitMessageArrivesReEncodedAtASevenBitUpstream() async throws {
        let directory = try TemporaryDirectory()
        let sink = try SMTPSink(directory: directory.path, sevenBit: true)
        try await sink.start()
        let gateway = try await GatewayInstance(routes: """
            routes:
              - { name: onward, match: { domain: "example.net" }, action: relay }
            relay:
              upstream: { host: 127.0.0.1, port: \(sink.port), tls: none }
            """)
        try await gateway.start()

        let submit = """
            import smtplib, ssl, sys
            message = (b"From: app@example.com\\r\\nTo: one@example.net\\r\\nSubject: 8-bit\\r\\nMIME-Version: 1.0\\r\\n"
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
                client.sendmail("app@example.com", ["one@example.net"], message, mail_options=["BODY=8BITMIME"])
            print("sent")
            """
        let sent = try await ExternalTool.run("python3", ["-c", submit, String(gateway.submissionPort), gateway.user, gateway.password])
        #expect(sent.output.contains("sent"), "\(sent.output)")

        let deadline = ContinuousClock.now + .seconds(20)
        while sink.transactions().isEmpty && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(100)) }
        let transaction = try #require(sink.transactions().first, "nothing relayed: \(gateway.stderr)")
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
        await gateway.stop()
        await sink.stop()
    }
}
