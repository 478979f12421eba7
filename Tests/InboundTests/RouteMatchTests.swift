import Inbound
import Testing

@Suite struct RouteMatchTests {
    @Test(arguments: [
        // (match, recipient, auth user, expected)
        (RouteMatch(), "anyone@anywhere.test", nil, true),
        (RouteMatch(recipient: "exact@example.com"), "exact@example.com", nil, true),
        (RouteMatch(recipient: "exact@example.com"), "exact@EXAMPLE.com", nil, true),
        (RouteMatch(recipient: "exact@example.com"), "Exact@example.com", nil, false),
        (RouteMatch(recipient: "orders-*@shop.test"), "orders-42@shop.test", nil, true),
        (RouteMatch(recipient: "orders-*@shop.test"), "returns-42@shop.test", nil, false),
        (RouteMatch(recipientRegex: try! RecipientRegex("ticket-[0-9]+@help\\.test")), "ticket-12@help.test", nil, true),
        // Whole match: a prefix or suffix around a match does not count.
        (RouteMatch(recipientRegex: try! RecipientRegex("ticket-[0-9]+@help\\.test")), "xticket-12@help.test", nil, false),
        (RouteMatch(recipientRegex: try! RecipientRegex("ticket-[0-9]+@help\\.test")), "ticket-12@help.test.evil", nil, false),
        (RouteMatch(domain: "example.com"), "a@example.com", nil, true),
        (RouteMatch(domain: "example.com"), "a@Example.COM", nil, true),
        (RouteMatch(domain: "example.com"), "a@sub.example.com", nil, false),
        (RouteMatch(domain: "example.com"), "a@badexample.com", nil, false),
        (RouteMatch(domain: "*.example.com"), "a@sub.example.com", nil, true),
        (RouteMatch(domain: "*.example.com"), "a@deep.sub.example.com", nil, true),
        (RouteMatch(domain: "*.example.com"), "a@example.com", nil, false),
        (RouteMatch(domain: "*.example.com"), "a@evilexample.com", nil, false),
        (RouteMatch(authUser: "app"), "a@b.test", "app", true),
        (RouteMatch(authUser: "app"), "a@b.test", "App", false),
        (RouteMatch(authUser: "app"), "a@b.test", nil, false),
        // Every condition must hold.
        (RouteMatch(recipient: "a@*", domain: "b.test", authUser: "app"), "a@b.test", "app", true),
        (RouteMatch(recipient: "a@*", domain: "b.test", authUser: "app"), "a@c.test", "app", false),
        (RouteMatch(recipient: "a@*", domain: "b.test", authUser: "app"), "z@b.test", "app", false),
    ] as [(RouteMatch, String, String?, Bool)])
    func matchesEnvelope(match: RouteMatch, recipient: String, user: String?, expected: Bool) {
        #expect(match.matchesEnvelope(recipient: recipient, authUser: user) == expected)
    }

    @Test func headerConditionOnlyMattersAfterData() {
        let match = RouteMatch(domain: "example.com", header: HeaderCondition(name: "X-Tag", value: "urgent"))
        #expect(match.matchesEnvelope(recipient: "a@example.com", authUser: nil))
        #expect(match.matchesHeaders([(name: "X-Tag", value: "urgent")]))
        #expect(!match.matchesHeaders([(name: "X-Tag", value: "later")]))
        #expect(!match.matchesHeaders([]))
        #expect(RouteMatch().matchesHeaders([]))
    }

    @Test func invalidRegexThrows() throws {
        #expect(throws: (any Error).self) { try RecipientRegex("ticket-[0-9+") }
        #expect(try RecipientRegex("(?i)abc@x\\.test").matches("ABC@x.test"))
        #expect(try RecipientRegex("a|b").matches("b"))
        #expect(!(try RecipientRegex("a|b").matches("ab")))
    }
}
