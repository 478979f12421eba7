import MIME
import Testing

@Suite struct AddressPatternTests {
    @Test(arguments: [
        ("*@support.example.com", "help@support.example.com", true),
        ("*@support.example.com", "help@SUPPORT.Example.com", true),
        ("*@support.example.com", "help@example.com", false),
        ("*@support.example.com", "help@evil-support.example.com", false),
        ("billing+*@example.com", "billing+eu@example.com", true),
        ("billing+*@example.com", "Billing+eu@example.com", false),
        ("a?c@x.org", "abc@x.org", true),
        ("a?c@x.org", "ac@x.org", false),
        ("*", "anyone@anywhere.test", true),
        ("*@*", "a@b", true),
        ("exact@example.com", "exact@example.com", true),
        ("exact@example.com", "exact@example.com.evil", false),
        ("*a*a*a*a*a*b@x.org", String(repeating: "a", count: 5000) + "@x.org", false),
    ])
    func matches(pattern: String, address: String, expected: Bool) {
        #expect(AddressPattern(pattern).matches(address) == expected)
    }
}
