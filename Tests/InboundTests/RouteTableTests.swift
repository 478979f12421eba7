import HTTPClient
import Inbound
import Testing
import Webhooks

@Suite struct RouteTableTests {
    static let signer = WebhookSigner(secrets: [try! WebhookSecret("plain-shared-secret")])
    static let hook = RouteAction.webhooks([WebhookTarget(url: "https://hooks.example.com/in", signer: signer)])
    static let refusal = RouteRejection(code: 550, enhancedCode: "5.7.1", text: "No mail for this address")

    /// The table every case below reads: order matters, first match wins.
    static let table = RouteTable(
        routes: [
            Route(name: "blocked", match: RouteMatch(recipient: "blocked@example.com"), action: .reject(refusal)),
            Route(name: "vip", match: RouteMatch(recipient: "ceo@example.com", header: HeaderCondition(name: "X-Priority", value: "1*")), action: hook),
            Route(name: "support", match: RouteMatch(recipient: "*@support.example.com"), action: hook),
            Route(name: "spam", match: RouteMatch(domain: "example.com", header: HeaderCondition(name: "X-Spam", value: "yes")), action: .reject(refusal)),
            Route(name: "archive", match: RouteMatch(domain: "*.archive.example.com"), action: .hold),
            Route(name: "app", match: RouteMatch(domain: "example.com", authUser: "app"), action: hook),
            Route(name: "catchall", match: RouteMatch(domain: "example.com"), action: hook),
        ],
        defaultRoute: Route(name: "default", match: RouteMatch(), action: .hold))

    @Test(arguments: [
        // (recipient, auth user, submission, expected)
        ("blocked@example.com", nil, false, RecipientDecision.reject(refusal)),
        ("blocked@example.com", "app", true, .reject(refusal)),
        // The header route cannot be judged at RCPT time: accepted, decided after DATA.
        ("ceo@example.com", nil, false, .accept),
        ("help@support.example.com", nil, false, .accept),
        ("x@a.archive.example.com", nil, false, .accept),
        // The header-conditioned reject route accepts at RCPT.
        ("anyone@example.com", nil, false, .accept),
        // MX: no route takes it.
        ("someone@other.org", nil, false, .unknown),
        ("x@archive.example.com", nil, false, .unknown),
        // Submission: the default route takes it.
        ("someone@other.org", "app", true, .accept),
    ] as [(String, String?, Bool, RecipientDecision)])
    func decidesAtRCPT(recipient: String, user: String?, submission: Bool, expected: RecipientDecision) {
        #expect(Self.table.decideRecipient(recipient, authUser: user, submission: submission) == expected)
    }

    @Test func submissionWithARejectDefaultRefusesUnknownRecipients() {
        let rejection = RouteRejection(code: 550, enhancedCode: "5.1.1", text: "Unknown recipient")
        let table = RouteTable(
            routes: [Route(name: "known", match: RouteMatch(recipient: "known@example.com"), action: Self.hook)],
            defaultRoute: Route(name: "default", match: RouteMatch(), action: .reject(rejection)))
        #expect(table.decideRecipient("other@example.com", authUser: "u", submission: true) == .reject(rejection))
        #expect(table.decideRecipient("known@example.com", authUser: "u", submission: true) == .accept)
        // The MX listener never uses the default route.
        #expect(table.decideRecipient("other@example.com", authUser: nil, submission: false) == .unknown)
    }

    @Test func submissionWithoutDefaultRouteAccepts() {
        let table = RouteTable(routes: [])
        #expect(table.decideRecipient("x@y.org", authUser: "u", submission: true) == .accept)
        #expect(table.decideRecipient("x@y.org", authUser: nil, submission: false) == .unknown)
        #expect(table.route(forRecipient: "x@y.org", authUser: "u", headers: [], submission: true) == nil)
    }

    @Test(arguments: [
        // (recipient, auth user, headers, submission, expected route name or nil for hold)
        ("ceo@example.com", nil, [("X-Priority", "1 (Highest)")], false, "vip"),
        // Header does not match: falls through to the following routes.
        ("ceo@example.com", nil, [("X-Priority", "3")], false, "catchall"),
        ("ceo@example.com", nil, [], false, "catchall"),
        ("ceo@example.com", nil, [("x-spam", "YES")], false, "spam"),
        ("user@example.com", "app", [], true, "app"),
        ("user@example.com", "other", [], true, "catchall"),
        ("help@support.example.com", nil, [("X-Spam", "yes")], false, "support"),
        ("x@b.archive.example.com", nil, [], false, "archive"),
        ("x@other.org", nil, [], false, nil),
        ("x@other.org", "app", [], true, "default"),
    ] as [(String, String?, [(String, String)], Bool, String?)])
    func routesAfterHeaders(recipient: String, user: String?, headers: [(String, String)], submission: Bool, expected: String?) {
        let route = Self.table.route(
            forRecipient: recipient, authUser: user, headers: headers.map { (name: $0.0, value: $0.1) }, submission: submission)
        #expect(route?.name == expected)
    }

    @Test func routeNamedFindsTheDefaultRoute() {
        #expect(Self.table.route(named: "support")?.name == "support")
        #expect(Self.table.route(named: "default")?.name == "default")
        #expect(Self.table.route(named: "nope") == nil)
    }
}
