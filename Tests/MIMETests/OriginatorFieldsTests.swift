import Testing

@testable import MIME

/// Every From: and Sender: field, read the way the message parser reads fields, and what makes a header
/// read two ways.
@Suite struct OriginatorFieldsTests {
    static func fields(_ lines: String...) -> OriginatorFields {
        OriginatorFields(headerBlock: Array(lines.map { $0 + "\r\n" }.joined().utf8))
    }

    @Test func everyFieldIsRead() {
        let fields = Self.fields(
            "From: Alice <alice@example.org>, =?utf-8?q?B=C3=B6b?= <bob@example.org>", "Subject: x",
            "Sender:", " folded@example.org")
        #expect(fields.from == ["alice@example.org", "bob@example.org"])
        #expect(fields.sender == ["folded@example.org"])
        #expect(fields.problem == nil)
    }

    @Test func aFieldPastTheParsersStorageLimitsIsStillRead() {
        let filler = Array(repeating: "X-Filler: \(String(repeating: "f", count: 1000))", count: 1_200)
        let lines = filler + ["From: deep@example.org"]
        let fields = OriginatorFields(headerBlock: Array(lines.map { $0 + "\r\n" }.joined().utf8))
        #expect(fields.from == ["deep@example.org"])
    }

    @Test(arguments: [
        (["From: a@example.org", "FROM: b@example.org"], OriginatorFields.Problem.repeated(field: "From", count: 2)),
        (["Sender: a@example.org", "Sender: a@example.org"], .repeated(field: "Sender", count: 2)),
        (["Sender: a@example.org, b@example.org"], .unparseable(field: "Sender", value: "a@example.org, b@example.org")),
        (["From: <>"], .unparseable(field: "From", value: "<>")),
        (["From a@example.org Mon Jan  1 00:00:00 2024", "From: a@example.org"], .notAField(line: 1)),
        (["Subject: x", "From: a@example.org", "oops", "From: b@example.org"], .notAField(line: 3)),
    ] as [([String], OriginatorFields.Problem)])
    func problems(lines: [String], problem: OriginatorFields.Problem) {
        #expect(OriginatorFields(headerBlock: Array(lines.map { $0 + "\r\n" }.joined().utf8)).problem == problem)
    }

    /// A message sent without its blank line: what follows is body to every reader, unless it names a sender.
    @Test func aLineThatIsNoFieldMattersOnlyBeforeASender() {
        #expect(Self.fields("From: a@example.org", "Hello,", "the body.").problem == nil)
        #expect(Self.fields("Hello,", "the body.").problem == nil)
        #expect(Self.fields("Hello,", "sender : x@example.org").problem == .notAField(line: 1))
    }

    @Test func domainLiteralsAndQuotedLocalPartsAreAddresses() {
        #expect(Self.fields("From: \"a b\"@example.org, x@[192.0.2.1]").problem == nil)
    }
}
