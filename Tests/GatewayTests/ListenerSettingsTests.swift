import Testing

@testable import Gateway

@Suite struct ListenerSettingsTests {
    @Test(arguments: [
        ("127.0.0.1", true), ("127.8.9.10", true), ("::1", true), ("0:0:0:0:0:0:0:1", true),
        ("::ffff:127.0.0.1", true), ("localhost", true),
        ("0.0.0.0", false), ("::", false), ("10.0.0.1", false), ("192.168.1.1", false),
        ("128.0.0.1", false), ("example.com", false), ("localhost.evil.example", false),
    ])
    func loopback(address: String, expected: Bool) {
        #expect(ListenerSettings.isLoopback(address) == expected)
    }

    @Test(arguments: [
        ("0.0.0.0", true), ("::", true), ("mail.example.com", true), ("a-b.c", true),
        ("", false), ("bad host", false), ("-x.com", false), ("x..com", false), ("under_score.com", false),
    ])
    func addressValidity(address: String, expected: Bool) {
        #expect(ListenerSettings.isValidAddress(address) == expected)
    }
}
