import Foundation
import Outbound
import Testing

/// A message sent as is: what is refused (and where), what is normalised, and the only changes made to the bytes.
struct RawMessageTests {
    static func refusal(_ text: String) -> OutboundRefusal? {
        do {
            _ = try RawMessage(Array(text.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        ("From: a@example.com\r\n\r\nbare\rCR\r\n", nil as String?, "CR without LF"),
        ("From: a@example.com\r\n\r\nNUL\u{0}\r\n", nil, "NUL"),
        ("From: a@example.com\r\n\r\n" + String(repeating: "x", count: 999) + "\r\n", nil, "999 octets"),
        (" folded first\r\nFrom: a@example.com\r\n\r\nx\r\n", nil, "folded line"),
        ("From: a@example.com\r\nno colon here\r\n\r\nx\r\n", nil, "line 2 is not a header field"),
        ("Subject: none\r\n\r\nx\r\n", "From", "no From field"),
        ("From: undisclosed-recipients:;\r\n\r\nx\r\n", "From", "no mailbox"),
        ("", nil, "empty"),
    ])
    func refusedWithTheReason(_ text: String, field: String?, reason: String) {
        let refusal = Self.refusal(text)
        #expect(refusal?.kind == .unprocessable, "\(text.prefix(40))")
        #expect(refusal?.field == field)
        #expect(refusal?.message.contains(reason) == true, "\(String(describing: refusal))")
    }

    @Test func bareLineFeedsBecomeCRLFAndALastLineEndIsAdded() throws {
        let message = try RawMessage(Array("From: a@example.com\nTo: b@example.net\n\nline\r\nlast".utf8))
        #expect(String(decoding: message.bytes, as: UTF8.self) == "From: a@example.com\r\nTo: b@example.net\r\n\r\nline\r\nlast\r\n")
        #expect(message.fromAddress == "a@example.com")
        #expect(message.headerRecipients.map(\.address) == ["b@example.net"])
        // 998 octets is the limit, not over it.
        _ = try RawMessage(Array(("From: a@example.com\r\n\r\n" + String(repeating: "x", count: 998) + "\r\n").utf8))
    }

    @Test func preparedBytesChangeOnlyByReceivedBccDateAndMessageID() throws {
        let text = "From: a@example.com\r\nTo: b@example.net\r\nBcc: hidden@example.net,\r\n more@example.net\r\nSubject: s\r\n\r\nbody\r\n"
        let submission = RawSubmission(message: try RawMessage(Array(text.utf8)), hostname: "mx.example.com")
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let prepared = try OutboundPreparer().prepare(submission, now: now)
        let bytes = String(decoding: prepared.bytes, as: UTF8.self)
        #expect(prepared.recipients == ["b@example.net", "hidden@example.net", "more@example.net"])
        #expect(prepared.mailFrom == "a@example.com")
        #expect(prepared.messageID.hasSuffix("@mx.example.com"))
        #expect(bytes.hasPrefix("Received: by mx.example.com (Mailgate) with HTTP\r\n\tid <\(prepared.messageID)>; "))
        let header = try #require(bytes.components(separatedBy: "\r\n\r\n").first)
        #expect(!header.contains("Bcc") && !header.contains("hidden@example.net"))
        #expect(header.contains("\r\nFrom: a@example.com\r\nTo: b@example.net\r\nSubject: s\r\nDate: "))
        #expect(header.hasSuffix("\r\nMessage-ID: <\(prepared.messageID)>"))
        #expect(bytes.hasSuffix("\r\n\r\nbody\r\n"))

        // With its own Date and Message-ID, and the envelope from the request, nothing is added.
        let own = "From: a@example.com\r\nDate: Sat, 05 Dec 2026 10:00:00 +0000\r\nMessage-ID: <own@example.com>\r\n\r\nbody\r\n"
        let explicit = RawSubmission(
            message: try RawMessage(Array(own.utf8)), envelopeMailFrom: "", envelopeRecipients: ["c@example.net"],
            hostname: "mx.example.com")
        let kept = try OutboundPreparer().prepare(explicit, now: now)
        #expect(kept.messageID == "own@example.com")
        #expect(kept.mailFrom == "" && kept.recipients == ["c@example.net"])
        let keptText = String(decoding: kept.bytes, as: UTF8.self)
        #expect(keptText.hasSuffix("\r\n" + own))
    }

    @Test func theEnvelopeIsCheckedWhereItCameFrom() throws {
        let message = try RawMessage(Array("From: a@example.com\r\nSubject: s\r\n\r\nx\r\n".utf8))
        let preparer = OutboundPreparer(limits: .init(maximumMessageSize: 100))
        #expect(throws: OutboundRefusal(.unprocessable, field: "To", "no recipient: give rcpt_to, or To, Cc or Bcc in the header")) {
            _ = try preparer.prepare(RawSubmission(message: message, hostname: "h"), now: Date())
        }
        #expect(throws: OutboundRefusal.self) {
            _ = try preparer.prepare(RawSubmission(message: message, envelopeRecipients: ["nope"], hostname: "h"), now: Date())
        }
        do {
            _ = try preparer.prepare(RawSubmission(message: message, envelopeRecipients: ["b@example.net"], hostname: "h"), now: Date())
            Issue.record("a message over the size limit was taken")
        } catch {
            #expect(error.kind == .tooLarge)
        }
    }
}
