import Inbound
import MIME
import SMTPProtocol
import Testing

@Suite struct SenderRulesTests {
    static let patterns = ["alice": [AddressPattern("*@example.com"), AddressPattern("alerts@other.org")]]
    static let rules = SenderRules(patterns, default: .any)
    static let own = SenderRules(patterns, default: .own)

    static func path(_ address: String) -> SMTPReversePath {
        let at = address.lastIndex(of: "@")!
        return .mailbox(SMTPMailbox(localPart: String(address[..<at]), domain: String(address[address.index(after: at)...])))
    }

    @Test(arguments: [
        // (MAIL FROM, user, refused)
        ("me@example.com", "alice", false),
        ("alerts@other.org", "alice", false),
        ("ceo@bank.example", "alice", true),
        // Users without a rule may use any sender (smtp.sender_default: any).
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

    @Test(arguments: [
        // (MAIL FROM, user, refused) with smtp.sender_default: own
        ("me@example.com", "alice", false),
        ("alerts@other.org", "alice", false),
        ("ceo@bank.example", "alice", true),
        // A user named by an address owns its domain, and nothing else.
        ("noreply@example.net", "app@example.net", false),
        ("noreply@EXAMPLE.net", "app@example.net", false),
        ("noreply@sub.example.net", "app@example.net", true),
        ("ceo@bank.example", "app@example.net", true),
        // A user named otherwise, without a rule, owns nothing.
        ("bob@example.com", "bob", true),
        ("anyone@anywhere.example", "@", true),
        ("anyone@anywhere.example", nil, false),
    ] as [(String, String?, Bool)])
    func mailFromWithTheOwnDefault(address: String, user: String?, refused: Bool) {
        #expect((Self.own.mailFromRefusal(Self.path(address), user: user) != nil) == refused)
    }

    @Test func theOwnDefaultRefusesTheNullSenderToEveryUser() {
        #expect(Self.own.mailFromRefusal(.null, user: "app@example.net")?.reason == .senderNotOwned)
        #expect(Self.own.mailFromRefusal(.null, user: "bob") != nil)
    }

    @Test func aRuleWidensTheOwnDomainOfAUserNamedByAnAddress() {
        let rules = SenderRules(["app@example.net": [AddressPattern("alerts@other.org")]], default: .own)
        #expect(rules.mailFromRefusal(Self.path("x@example.net"), user: "app@example.net") == nil)
        #expect(rules.mailFromRefusal(Self.path("alerts@other.org"), user: "app@example.net") == nil)
        #expect(rules.mailFromRefusal(Self.path("x@other.org"), user: "app@example.net") != nil)
    }
}
