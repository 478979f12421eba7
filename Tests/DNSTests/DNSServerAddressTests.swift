import DNS
import MailAuth
import Testing

@Suite struct DNSServerAddressTests {
    @Test(arguments: [
        ("192.0.2.53", "192.0.2.53:53"),
        ("127.0.0.1:5353", "127.0.0.1:5353"),
        ("2001:db8::53", "[2001:db8::53]:53"),
        ("[2001:db8::53]:5353", "[2001:db8::53]:5353"),
        ("[::1]", "[::1]:53"),
    ])
    func valid(_ text: String, _ written: String) throws {
        #expect(try DNSServerAddress(parsing: text).description == written)
    }

    @Test(arguments: [
        ("ns.example.com", "not an IP address"),
        ("192.0.2.53:dns", "not a number"),
        ("192.0.2.53:0", "out of range"),
        ("192.0.2.53:65536", "out of range"),
        ("[2001:db8::53", "without ']'"),
        ("[2001:db8::53]53", "expected ':port'"),
        ("192.0.2.300", "not an IP address"),
    ])
    func invalid(_ text: String, _ reason: String) {
        #expect {
            _ = try DNSServerAddress(parsing: text)
        } throws: { error in
            (error as? DNSConfigurationError)?.reason.contains(reason) == true
        }
    }
}
