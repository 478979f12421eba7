import Inbound
import MIME
import SMTPProtocol
import SMTPServer
import Testing

/// The decisions the SMTP side asks of the inbound domain, at MAIL FROM and RCPT TO, per listener mode.
@Suite struct InboundPolicyTests {
    static func forward(_ address: String) -> SMTPForwardPath {
        let at = address.lastIndex(of: "@")!
        return .mailbox(SMTPMailbox(localPart: String(address[..<at]), domain: String(address[address.index(after: at)...])))
    }

    static func reverse(_ address: String) -> SMTPReversePath {
        let at = address.lastIndex(of: "@")!
        return .mailbox(SMTPMailbox(localPart: String(address[..<at]), domain: String(address[address.index(after: at)...])))
    }

    static let context = SMTPEnvelopeRecipientContext(
        mailFrom: .null, heloName: "client.example.org", authenticatedUser: "app", acceptedRecipients: 0)

    @Test(arguments: [
        (SMTPSessionMode.inbound, false),
        (.submission, true),
        (.submissions, true),
    ])
    func senderRulesBindOnlyTheSubmissionListeners(mode: SMTPSessionMode, refused: Bool) async throws {
        try await InboundMessagePlannerTests.withPlanner(senders: ["app": [AddressPattern("*@example.org")]]) { planner in
            let policy = InboundPolicy(planner: planner)
            #expect((policy.senderRefusal(Self.reverse("ceo@bank.example"), user: "app", mode: mode) != nil) == refused)
            #expect(policy.senderRefusal(Self.reverse("alice@example.org"), user: "app", mode: mode) == nil)
        }
    }

    @Test(arguments: [
        // (recipient, mode, expected)
        ("one@support.example.com", SMTPSessionMode.inbound, SMTPRecipientVerdict.accept),
        ("someone@other.org", .inbound, .unknownRecipient),
        ("someone@other.org", .submission, .accept),
    ])
    func recipientsAreDecidedByTheRoutes(address: String, mode: SMTPSessionMode, expected: SMTPRecipientVerdict) async throws {
        try await InboundMessagePlannerTests.withPlanner { planner in
            let policy = InboundPolicy(planner: planner)
            #expect(policy.recipientVerdict(Self.forward(address), context: Self.context, mode: mode) == expected)
        }
    }

    @Test(arguments: [SMTPSessionMode.inbound, .submission])
    func aRejectRouteRefusesAtRCPTAndSaysWhy(mode: SMTPSessionMode) async throws {
        try await InboundMessagePlannerTests.withPlanner { planner in
            let policy = InboundPolicy(planner: planner)
            let refusal = SMTPRefusal(SMTPReply(550, "5.7.1", "<blocked@example.com>: No mail here"), .routeRejected)
            #expect(policy.recipientVerdict(Self.forward("blocked@example.com"), context: Self.context, mode: mode) == .reject(refusal))
        }
    }

    @Test func replacedRulesDecideTheNextCommand() async throws {
        try await InboundMessagePlannerTests.withPlanner { planner in
            let policy = InboundPolicy(planner: planner)
            #expect(policy.recipientVerdict(Self.forward("one@support.example.com"), context: Self.context, mode: .inbound) == .accept)
            #expect(policy.senderRefusal(Self.reverse("ceo@bank.example"), user: "app", mode: .submission) == nil)
            // A reload: no routes, and app may send only as itself. The same policy value reads the new rules.
            planner.rules.replace(with: InboundRules(
                routes: RouteTable(routes: []),
                senders: SenderRules(["app": [AddressPattern("app@example.org")]], default: .any)))
            #expect(policy.recipientVerdict(Self.forward("one@support.example.com"), context: Self.context, mode: .inbound) == .unknownRecipient)
            #expect(policy.senderRefusal(Self.reverse("ceo@bank.example"), user: "app", mode: .submission) != nil)
            #expect(policy.senderRefusal(Self.reverse("app@example.org"), user: "app", mode: .submission) == nil)
        }
    }

    @Test func postmasterIsUnknownOnMXAndAcceptedOnSubmission() async throws {
        try await InboundMessagePlannerTests.withPlanner { planner in
            let policy = InboundPolicy(planner: planner)
            #expect(policy.recipientVerdict(.postmaster, context: Self.context, mode: .inbound) == .unknownRecipient)
            #expect(policy.recipientVerdict(.postmaster, context: Self.context, mode: .submission) == .accept)
        }
    }
}
