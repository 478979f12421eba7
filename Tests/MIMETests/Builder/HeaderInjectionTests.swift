import Foundation
@testable import MIME
import Testing

/// Every field a send request controls, with every character that could end a header line or start a part:
/// refused with the field's JSON pointer, and, past the validator, encoded so that no new line can appear.
@Suite struct HeaderInjectionTests {
    static let hostile = [
        "\r\nBcc: victim@example.net", "\nX-Injected: 1", "\rX-Injected: 1", "a\u{0}b", "a\u{7F}b", "a\u{1B}[0m", "\u{0B}", "\u{0C}",
        "x\r\n\r\n--boundary\r\nContent-Type: text/html",
    ]

    /// A field setter and the pointer the error must name.
    typealias Injection = (pointer: String, apply: @Sendable (inout MessageDraft, String) -> Void)

    static let injections: [Injection] = [
        ("/from", { $0.from.name = $1 }),
        ("/from", { $0.from.address = "a" + $1 + "@example.com" }),
        ("/sender", { $0.sender = MailAddress(name: $1, address: "s@example.com") }),
        ("/to/1", { $0.to.append(MailAddress(name: $1, address: "c@example.com")) }),
        ("/cc/0", { $0.cc = [MailAddress(address: "c" + $1 + "@example.com")] }),
        ("/reply_to/0", { $0.replyTo = [MailAddress(name: "R " + $1, address: "r@example.com")] }),
        ("/subject", { $0.subject = "Hello " + $1 }),
        ("/headers/X-Foo", { $0.headers = [DraftHeader(name: "X-Foo", value: "v" + $1)] }),
        ("/headers/X-Foo" , { $0.headers = [DraftHeader(name: "X-Foo" + $1, value: "v")] }),
        ("/attachments/0/filename", { $0.attachments = [DraftAttachment(filename: "a" + $1 + ".pdf", contentType: "application/pdf", data: [1])] }),
        ("/attachments/0/content_type", { $0.attachments = [DraftAttachment(filename: "a.pdf", contentType: "application/pdf" + $1, data: [1])] }),
        ("/attachments/0/content_id", { $0.attachments = [DraftAttachment(filename: "a.pdf", contentType: "application/pdf", data: [1], contentID: "id" + $1)] }),
        ("/message_id", { $0.messageID = "id" + $1 + "@example.com" }),
    ]

    @Test func everyControlledFieldRefusesControls() {
        for (offset, injection) in Self.injections.enumerated() {
            for value in Self.hostile {
                var draft = DraftSamples.minimal()
                injection.apply(&draft, value)
                var expectedPointer = injection.pointer
                if offset == 8 { expectedPointer = "/headers/" + MailSyntax.pointerSegment("X-Foo" + value) }
                do {
                    _ = try MessageBuilder().build(draft)
                    Issue.record("accepted \(value.debugDescription) in \(injection.pointer)")
                } catch {
                    #expect(error.field == expectedPointer, "\(value.debugDescription) in \(injection.pointer): \(error)")
                    if injection.pointer != "/message_id" {
                        #expect(error == .controlCharacter(field: expectedPointer), "\(value.debugDescription): \(error)")
                    }
                }
            }
        }
    }

    /// Below the validator: the encoders alone never let a control character reach the output as it is.
    @Test func encodersEncodeWhatTheValidatorWouldRefuse() {
        for value in Self.hostile {
            let subject = UnstructuredTextEncoder.subject.encode("Hello " + value) ?? []
            let header = UnstructuredTextEncoder.extraHeader.encode(value) ?? []
            let phrase = MailboxEncoder.phrase(value)
            let filename = FilenameParameter.dispositionWords(value) + FilenameParameter.nameWords(value)
            for word in subject + header + phrase + filename {
                #expect(word.text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }, "\(value.debugDescription) → \(word.text.debugDescription)")
                #expect(word.blank.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 })
            }
        }
    }

    @Test(arguments: [
        ("From", MessageBuildError.structuralHeader(field: "/headers/From")),
        ("bcc", .structuralHeader(field: "/headers/bcc")),
        ("Content-Type", .structuralHeader(field: "/headers/Content-Type")),
        ("content-x-anything", .structuralHeader(field: "/headers/content-x-anything")),
        ("DKIM-Signature", .structuralHeader(field: "/headers/DKIM-Signature")),
        ("Received", .structuralHeader(field: "/headers/Received")),
        ("MIME-Version", .structuralHeader(field: "/headers/MIME-Version")),
        ("X Foo", .invalidHeaderName(field: "/headers/X Foo")),
        ("X:Foo", .invalidHeaderName(field: "/headers/X:Foo")),
        ("", .invalidHeaderName(field: "/headers/")),
        ("X-Föo", .invalidHeaderName(field: "/headers/X-Föo")),
        (String(repeating: "X", count: 77), .invalidHeaderName(field: "/headers/" + String(repeating: "X", count: 77))),
    ])
    func extraHeaderNames(name: String, expected: MessageBuildError) {
        var draft = DraftSamples.minimal()
        draft.headers = [DraftHeader(name: name, value: "v")]
        #expect(throws: expected) { try MessageBuilder().build(draft) }
    }

    /// RFC 6901: `/` and `~` in a header name are escaped in the pointer.
    @Test func pointersEscapeTheHeaderName() {
        var draft = DraftSamples.minimal()
        draft.headers = [DraftHeader(name: "a/b~c", value: "v\r\nBcc: x@example.com")]
        #expect(throws: MessageBuildError.controlCharacter(field: "/headers/a~1b~0c")) { try MessageBuilder().build(draft) }
    }

    @Test func structuralNames() {
        for name in ["from", "To", "CC", "bcc", "Subject", "date", "Message-ID", "mime-version", "received", "dkim-signature",
            "sender", "Reply-To", "Content-Type", "content-transfer-encoding", "Content-Disposition"] {
            #expect(MessageBuilder.isStructural(name: name), "\(name)")
        }
        for name in ["X-Mailer", "List-Unsubscribe", "In-Reply-To", "References", "Contents", "X-Content-Type"] {
            #expect(!MessageBuilder.isStructural(name: name), "\(name)")
        }
    }

    @Test func aWordTooLongForALineInAnExtraHeaderIsRefused() throws {
        var draft = DraftSamples.minimal()
        draft.headers = [DraftHeader(name: "X-Long", value: "a " + String(repeating: "b", count: 901))]
        #expect(throws: MessageBuildError.headerTooLong(field: "/headers/X-Long")) { try MessageBuilder().build(draft) }
        draft.headers = [DraftHeader(name: "X-Long", value: "a " + String(repeating: "b", count: 900))]
        let bytes = try MessageBuilder().build(draft)
        #expect(MessageBuilder.lineProblems(bytes).isEmpty)
    }

    /// TAB is allowed (it is a blank) and survives.
    @Test func tabsInTextFieldsAreKept() throws {
        var draft = DraftSamples.minimal()
        draft.subject = "a\tb"
        draft.headers = [DraftHeader(name: "X-Tab", value: "c\td")]
        let parsed = MessageParser().parse(try MessageBuilder().build(draft))
        #expect(parsed.header.subject == "a\tb")
        #expect(parsed.header.fields.first { $0.name == "X-Tab" }?.value == "c\td")
    }
}
