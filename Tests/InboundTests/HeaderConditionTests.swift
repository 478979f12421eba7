import Inbound
import Testing

@Suite struct HeaderConditionTests {
    @Test(arguments: [
        // (name, value pattern, headers, expected)
        ("X-Tag", "urgent", [("X-Tag", "urgent")], true),
        ("x-tag", "urgent", [("X-TAG", "urgent")], true),
        ("X-Tag", "URGENT", [("X-Tag", "Urgent")], true),
        ("X-Tag", "urg*", [("X-Tag", "urgent please")], true),
        ("X-Tag", "?rgent", [("X-Tag", "urgent")], true),
        ("X-Tag", "urgent", [("X-Tag", "urgent please")], false),
        // Surrounding blanks are trimmed before matching.
        ("X-Tag", "urgent", [("X-Tag", "  urgent\t")], true),
        // Only the first field with the name counts.
        ("X-Tag", "urgent", [("X-Tag", "later"), ("X-Tag", "urgent")], false),
        ("X-Tag", "later", [("X-Other", "urgent"), ("x-tag", "later"), ("X-Tag", "urgent")], true),
        ("X-Tag", "*", [("X-Other", "x")], false),
        ("X-Tag", "*", [("X-Tag", "")], true),
        ("X-Tag", "", [("X-Tag", "   ")], true),
        ("Subject", "*invoice*", [("Subject", "Your Invoice #42")], true),
    ] as [(String, String, [(String, String)], Bool)])
    func matches(name: String, value: String, headers: [(String, String)], expected: Bool) {
        let condition = HeaderCondition(name: name, value: value)
        #expect(condition.matches(headers.map { (name: $0.0, value: $0.1) }) == expected)
    }
}
