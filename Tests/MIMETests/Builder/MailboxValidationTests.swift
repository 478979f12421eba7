@testable import MIME
import Testing

@Suite struct MailboxValidationTests {
    static let longLocal: String = String(repeating: "a", count: 65) + "@example.org"
    static let longLabel: String = "a@" + String(repeating: "b", count: 64) + ".org"
    static let longDomain: String = "a@" + Array(repeating: String(repeating: "b", count: 60), count: 5).joined(separator: ".")

    static let mailboxes: [(String, MailSyntax.MailboxCheck)] = [
        ("bob@example.org", .valid),
        ("first.last+tag@sub.example.co.uk", .valid),
        ("o'hara@example.com", .valid),
        ("x@[192.0.2.1]", .valid),
        ("x@[IPv6:2001:db8::1]", .valid),
        ("user@xn--mller-kva.de", .valid),
        ("a!#$%&'*+-/=?^_`{|}~@example.com", .valid),
        ("", .invalid),
        ("bob", .invalid),
        ("@example.org", .invalid),
        ("bob@", .invalid),
        ("bob@@example.org", .invalid),
        ("a@b@example.org", .invalid),
        ("bob smith@example.org", .invalid),
        ("\"bob smith\"@example.org", .invalid),
        (".bob@example.org", .invalid),
        ("bob.@example.org", .invalid),
        ("bo..b@example.org", .invalid),
        ("bob@exa mple.org", .invalid),
        ("bob@-example.org", .invalid),
        ("bob@example-.org", .invalid),
        ("bob@example..org", .invalid),
        ("bob@exam_ple.org", .invalid),
        ("<bob@example.org>", .invalid),
        ("bob@example.org>", .invalid),
        ("bob(comment)@example.org", .invalid),
        (longLocal, .invalid),
        (longLabel, .invalid),
        (longDomain, .invalid),
        ("jörg@example.de", .international),
        ("joerg@müller.de", .international),
        ("用户@例子.广告", .international),
    ]

    @Test(arguments: MailboxValidationTests.mailboxes)
    func mailbox(address: String, expected: MailSyntax.MailboxCheck) {
        #expect(MailSyntax.checkMailbox(address) == expected)
    }

    @Test func errorsNameTheField() {
        var draft = DraftSamples.minimal()
        draft.to = [MailAddress(address: "ok@example.org"), MailAddress(address: "ok2@example.org"), MailAddress(address: "jörg@example.de")]
        #expect(throws: MessageBuildError.internationalAddress(field: "/to/2")) { try MessageBuilder().build(draft) }
        draft.to = []
        draft.replyTo = [MailAddress(address: "nope")]
        #expect(throws: MessageBuildError.invalidAddress(field: "/reply_to/0")) { try MessageBuilder().build(draft) }
        draft.replyTo = []
        draft.from = MailAddress(name: "Alice", address: "alice@")
        #expect(throws: MessageBuildError.invalidAddress(field: "/from")) { try MessageBuilder().build(draft) }
    }

    @Test(arguments: [
        ("abc@example.com", true), ("a.b.c@mail.example.com", true), ("x@[192.0.2.1]", true),
        ("", false), ("abc", false), ("<abc@example.com>", false), ("a b@example.com", false), ("a@b@c", false), ("a@", false),
    ])
    func messageIDs(id: String, valid: Bool) {
        #expect(MailSyntax.isMessageID(id) == valid)
    }

    @Test func generatedMessageIDsAreValidAndUnique() {
        var seen: Set<String> = []
        for _ in 0..<1000 {
            let id = MessageBuilder.makeMessageID(hostname: "Mail.Example.com")
            #expect(MailSyntax.isMessageID(id), "\(id)")
            #expect(id.hasSuffix("@mail.example.com"))
            seen.insert(id)
        }
        #expect(seen.count == 1000)
        #expect(MessageBuilder.makeMessageID(hostname: "bad host\r\n").hasSuffix("@localhost.localdomain"))
        #expect(MailSyntax.isMessageID(MessageBuilder.makeMessageID(hostname: "")))
    }
}
