import HTTPClient
import Testing

@Suite struct URLDestinationTests {
    @Test(arguments: [
        ("https://hooks.example.com/mail?x=1", "hooks.example.com", 443),
        ("http://hooks.example.com/mail", "hooks.example.com", 80),
        ("http://10.0.0.1:8080/x", "10.0.0.1", 8080),
        ("http://[::ffff:127.0.0.1]:81/", "::ffff:127.0.0.1", 81),
        ("https://u:p@169.254.169.254/latest", "169.254.169.254", 443),
    ])
    func readsHostAndPortAsLibcurlDoes(url: String, host: String, port: Int) throws {
        let destination = try #require(URLDestination(url: url))
        #expect(destination.host == host)
        #expect(destination.port == port)
    }

    @Test func aURLWithoutAHostHasNoDestination() {
        #expect(URLDestination(url: "not a url") == nil)
        #expect(URLDestination(url: "http://") == nil)
    }
}
