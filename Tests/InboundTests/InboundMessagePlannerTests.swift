import HTTPClient
import Logging
import MIME
import MailgateTestSupport
import Queue
import SMTPProtocol
import SMTPServer
import Testing
import Webhooks

@testable import Inbound

@Suite struct InboundMessagePlannerTests {
    static let signer = WebhookSigner(secrets: [try! WebhookSecret("plain-shared-secret")])

    static func hook(_ path: String, mode: WebhookMode = .queued) -> WebhookTarget {
        WebhookTarget(url: "https://hooks.example.com/\(path)", signer: signer, mode: mode)
    }

    static let routes = RouteTable(
        routes: [
            Route(
                name: "blocked", match: RouteMatch(recipient: "blocked@example.com"),
                action: .reject(RouteRejection(code: 550, enhancedCode: "5.7.1", text: "No mail here"))),
            Route(
                name: "spam", match: RouteMatch(domain: "example.com", header: HeaderCondition(name: "X-Spam", value: "yes")),
                action: .reject(RouteRejection(code: 550, enhancedCode: "5.7.1", text: "Spam is not welcome"))),
            Route(name: "support", match: RouteMatch(recipient: "*@support.example.com"), action: .webhooks([hook("a"), hook("b")])),
            Route(name: "archive", match: RouteMatch(domain: "archive.example.com"), action: .hold),
            Route(name: "live", match: RouteMatch(recipient: "live@example.com"), action: .webhooks([hook("sync", mode: .sync), hook("later")])),
            Route(name: "sales", match: RouteMatch(domain: "example.com"), action: .webhooks([hook("sales")])),
        ])

    /// Runs `body` with a planner over a fresh SQLite store (only the sync path reads it).
    static func withPlanner(
        senders: [String: [AddressPattern]] = [:], default unlisted: SenderDefault = .any,
        _ body: (InboundMessagePlanner) async throws -> Void
    ) async throws {
        let directory = try TemporaryDirectory()
        let store = try await QueueStoreFactory.open(url: "sqlite://\(directory.path)/queue.db")
        let client = CurlHTTPClient(configuration: HTTPClientConfiguration(userAgent: "mailgate-test"))
        let planner = InboundMessagePlanner(
            routes: routes, senders: SenderRules(senders, default: unlisted), store: store,
            sync: SyncDeliverer(sender: WebhookSender(client: client), disabled: DisabledWebhooks()), signal: WorkSignal(),
            logger: Logger(label: "test"))
        do {
            try await body(planner)
        } catch {
            await client.shutdown()
            try? await store.close()
            throw error
        }
        await client.shutdown()
        try await store.close()
    }

    static func envelope(_ recipients: [String], user: String? = nil) -> SMTPEnvelope {
        SMTPEnvelope(
            heloName: "client.example.org", mailFrom: .mailbox(SMTPMailbox(localPart: "alice", domain: "example.org")),
            recipients: recipients.map { address in
                let at = address.lastIndex(of: "@")!
                return SMTPEnvelopeRecipient(
                    path: .mailbox(SMTPMailbox(localPart: String(address[..<at]), domain: String(address[address.index(after: at)...]))))
            },
            authenticatedUser: user)
    }

    static let mx = SMTPSessionInfo(sessionID: "s1", listener: "smtp.inbound", mode: .inbound, remoteIP: "192.0.2.1", remotePort: 25000, hostname: "mx.example.com")
    static let submission = SMTPSessionInfo(sessionID: "s2", listener: "smtp.submission", mode: .submission, remoteIP: "192.0.2.1", remotePort: 25000, hostname: "mx.example.com")

    static func header(_ fields: String...) -> [UInt8] {
        Array(fields.map { $0 + "\r\n" }.joined().utf8)
    }

    static func payloads(_ plan: SMTPMessagePlan) -> [(InboundDeliveryPayload?, [String])] {
        plan.jobs.map { (InboundDeliveryPayload.decode($0.payload), $0.recipients) }
    }

    @Test func jobsPerRouteAndWebhook() async throws {
        try await Self.withPlanner { planner in
            let plan = planner.plan(
                Self.envelope(["one@support.example.com", "bob@example.com", "two@support.example.com", "x@archive.example.com"]),
                session: Self.mx, headerBlock: Self.header("From: alice@example.org", "Subject: Hello there"))
            #expect(plan.refusal == nil)
            #expect(plan.afterCommit == nil)
            #expect(plan.jobs.allSatisfy { $0.kind == .inboundDeliver })
            let jobs = Self.payloads(plan)
            #expect(jobs.map(\.0) == [
                InboundDeliveryPayload(route: "support", webhook: 0), InboundDeliveryPayload(route: "support", webhook: 1),
                InboundDeliveryPayload(route: "sales", webhook: 0),
            ])
            #expect(jobs.map(\.1) == [
                ["one@support.example.com", "two@support.example.com"], ["one@support.example.com", "two@support.example.com"],
                ["bob@example.com"],
            ])
            #expect(plan.metadata["held"] == "x@archive.example.com")
            #expect(plan.metadata["subject"] == "Hello there")
            #expect(plan.metadata["routes"] == "support,sales,archive")
        }
    }

    @Test func headerMatchedRejectRouteRefuses() async throws {
        try await Self.withPlanner { planner in
            let plan = planner.plan(
                Self.envelope(["bob@example.com"]), session: Self.mx,
                headerBlock: Self.header("From: alice@example.org", "X-Spam: YES"))
            #expect(plan.refusal == SMTPRefusal(SMTPReply(550, "5.7.1", "Spam is not welcome"), .routeRejected))
            #expect(plan.jobs.isEmpty)
            // Without the header the same recipient goes to its webhook.
            let clean = planner.plan(Self.envelope(["bob@example.com"]), session: Self.mx, headerBlock: Self.header("X-Spam: no"))
            #expect(clean.refusal == nil)
            #expect(Self.payloads(clean).map(\.0) == [InboundDeliveryPayload(route: "sales", webhook: 0)])
        }
    }

    @Test func unmatchedSubmissionRecipientsAreHeld() async throws {
        try await Self.withPlanner { planner in
            let plan = planner.plan(
                Self.envelope(["someone@other.org", "bob@example.com", "else@other.net"], user: "app"), session: Self.submission,
                headerBlock: Self.header("From: alice@example.org"))
            #expect(plan.refusal == nil)
            #expect(plan.metadata["held"] == "someone@other.org,else@other.net")
            #expect(Self.payloads(plan).map(\.1) == [["bob@example.com"]])
            #expect(plan.metadata["subject"] == nil)
        }
    }

    @Test(arguments: [
        // (From: field, refused)
        ("From: alice@example.org", false),
        ("From: Alice <ALICE@Example.org>", false),
        ("From: alerts@other.org", false),
        ("From: mallory@evil.test", true),
        ("From: alice@example.org, mallory@evil.test", true),
    ])
    func fromAddressesAreCheckedForUsersWithASenderRule(from: String, refused: Bool) async throws {
        let senders = ["app": [AddressPattern("*@example.org"), AddressPattern("alerts@other.org")]]
        try await Self.withPlanner(senders: senders) { planner in
            let plan = planner.plan(Self.envelope(["bob@example.com"], user: "app"), session: Self.submission, headerBlock: Self.header(from))
            if refused {
                let refusal = try #require(plan.refusal)
                #expect(refusal.reply.code == 550)
                #expect(refusal.reply.enhancedCode?.description == "5.7.1")
                #expect(refusal.reply.lines.joined().contains("mallory@evil.test"))
                #expect(refusal.reason == .fromNotOwned)
                #expect(plan.jobs.isEmpty)
            } else {
                #expect(plan.refusal == nil)
                #expect(plan.jobs.count == 1)
            }
            // A user without a sender rule may use any From: address (with smtp.sender_default: any).
            let other = planner.plan(Self.envelope(["bob@example.com"], user: "other"), session: Self.submission, headerBlock: Self.header(from))
            #expect(other.refusal == nil)
        }
    }

    /// Every From: and Sender: is checked, however deep in the header, and a header that readers could read
    /// two ways is refused: the webhook shows the first From:, a relay's recipients may show another.
    @Test(arguments: [
        // (header fields, the refusal's text, or nil when accepted)
        (["From: alice@example.org", "Subject: x"], nil),
        (["From: alice@example.org", "Sender: alerts@other.org"], nil),
        (["From: alice@example.org", "From: mallory@evil.test"], "Message has 2 From: fields; RFC 5322 allows one"),
        (["From: alice@example.org", "Subject: x", "from : alice@example.org"], "Message has 2 From: fields; RFC 5322 allows one"),
        (["From: alice@example.org", "Sender: mallory@evil.test"], "Sender: <mallory@evil.test> rejected: not owned by user app"),
        (["From: alice@example.org", "Sender: alice@example.org", "Sender: bob@example.org"], "Message has 2 Sender: fields; RFC 5322 allows one"),
        (["From:"], "From: header cannot be parsed as an address"),
        (["From: undisclosed-recipients:;"], "From: header cannot be parsed as an address"),
        (["From: Alice"], "From: header cannot be parsed as an address"),
        (["From: alice@"], "From: header cannot be parsed as an address"),
        (["Subject: x", "not a field", "From: mallory@evil.test"], "Header line 2 is not a header field"),
        (Array(repeating: "X-Filler: yes", count: 1_500) + ["From: mallory@evil.test"], "From: <mallory@evil.test> rejected: not owned by user app"),
    ] as [([String], String?)])
    func everyOriginatorFieldIsChecked(fields: [String], refusal: String?) async throws {
        let senders = ["app": [AddressPattern("*@example.org"), AddressPattern("alerts@other.org")]]
        try await Self.withPlanner(senders: senders) { planner in
            let plan = planner.plan(
                Self.envelope(["bob@example.com"], user: "app"), session: Self.submission,
                headerBlock: Array(fields.map { $0 + "\r\n" }.joined().utf8))
            #expect(plan.refusal?.reply.lines.joined() == refusal)
            if refusal != nil {
                #expect(plan.refusal?.reply.code == 550)
                #expect(plan.refusal?.reply.enhancedCode?.description == "5.7.1")
                #expect(plan.refusal?.reason == .fromNotOwned)
            }
        }
    }

    @Test func aHeaderLongerThanTheCaptureIsRefusedWhereTheSenderIsChecked() async throws {
        try await Self.withPlanner(senders: ["app": [AddressPattern("*@example.org")]]) { planner in
            let header = Self.header("From: alice@example.org")
            let refused = planner.plan(
                Self.envelope(["bob@example.com"], user: "app"), session: Self.submission, headerBlock: header, headerTruncated: true)
            #expect(refused.refusal == SMTPRefusal(
                SMTPReply(552, "5.3.4", "Message header over 65536 octets: too large for the sender check"), .messageTooLarge))
            // No sender check on the MX listener, so nothing to refuse there.
            let mx = planner.plan(Self.envelope(["bob@example.com"]), session: Self.mx, headerBlock: header, headerTruncated: true)
            #expect(mx.refusal == nil)
        }
    }

    @Test func ownDefaultChecksTheHeaderOfUsersWithoutARule() async throws {
        try await Self.withPlanner(default: .own) { planner in
            let own = planner.plan(
                Self.envelope(["bob@example.com"], user: "app@example.org"), session: Self.submission,
                headerBlock: Self.header("From: App <noreply@example.org>"))
            #expect(own.refusal == nil)
            let forged = planner.plan(
                Self.envelope(["bob@example.com"], user: "app@example.org"), session: Self.submission,
                headerBlock: Self.header("From: ceo@bank.example"))
            #expect(forged.refusal?.reason == .fromNotOwned)
        }
    }

    @Test func syncWebhooksRunAfterCommitAndHoldBackTheQueuedJobs() async throws {
        try await Self.withPlanner { planner in
            let plan = planner.plan(
                Self.envelope(["live@example.com", "bob@example.com"]), session: Self.mx,
                headerBlock: Self.header("Subject: Now"))
            #expect(plan.refusal == nil)
            #expect(plan.jobs.isEmpty)
            #expect(plan.afterCommit != nil)
            #expect(plan.metadata["routes"] == "live,sales")
            #expect(plan.metadata["subject"] == "Now")
        }
    }

    @Test func longSubjectIsCutTo200Characters() async throws {
        try await Self.withPlanner { planner in
            let subject = String(repeating: "s", count: 500)
            let plan = planner.plan(Self.envelope(["bob@example.com"]), session: Self.mx, headerBlock: Self.header("Subject: \(subject)"))
            #expect(plan.metadata["subject"] == String(repeating: "s", count: 200))
        }
    }
}
