import Inbound
import MIME
import SMTPProtocol
import Testing

@Suite struct SenderRulesTests {
    static let rules = SenderRules(["alice": [AddressPattern("*@example.com"), AddressPattern("alerts@other.org")]])

    static func path(_ address: String) -> SMTPReversePath {
        let at = address.lastIndex(of: "@")!
        return .mailbox(SMTPMailbox(localPart: String(address[..<at]), domain: String(address[address.index(after: at)...])))
    }

    @Test(arguments: [
        // (MAIL FROM, user, refused)
        ("me@example.com", "alice", false),
        ("alerts@other.org", "alice", false),
        ("ceo@bank.example", "alice", true),
        // Users without a rule may use any sender.
        ("anyone@anywhere.example", "bob", false),
        ("anyone@anywhere.example", nil, false),
    ] as [(String, String?, Bool)])
    func mailFrom(address: String, user: String?, refused: Bool) {
        let refusal = Self.rules.mailFromRefusal(Self.path(address), user: user)
        #expect((refusal != nil) == refused)
        if let refusal {
            #expect(refusal.reply.code == 550)
            #expect(refusal.reply.enhancedCode?.description == "5.7.1")
            #expect(refusal.reason == .senderNotOwned)
        }
    }

    @Test func aUserWithARuleMayNotUseTheNullSender() {
        #expect(Self.rules.mailFromRefusal(.null, user: "alice")?.reply.enhancedCode?.description == "5.7.1")
        #expect(Self.rules.mailFromRefusal(.null, user: "bob") == nil)
    }
}
