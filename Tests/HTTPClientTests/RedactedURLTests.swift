import HTTPClient
import Testing

@Suite struct RedactedURLTests {
    @Test(arguments: [
        ("https://hooks.example.com/mail", "https://hooks.example.com/mail"),
        ("https://hooks.example.com:8443/in/mail", "https://hooks.example.com:8443/in/mail"),
        ("https://hooks.example.com/mail?token=s3cret", "https://hooks.example.com/mail?<redacted>"),
        ("https://hooks.example.com?token=s3cret&x=1", "https://hooks.example.com?<redacted>"),
        ("https://hooks.example.com/mail#frag", "https://hooks.example.com/mail"),
        ("https://hooks.example.com/mail?a=1#frag", "https://hooks.example.com/mail?<redacted>"),
        ("https://user:pa55@hooks.example.com/mail", "https://<redacted>@hooks.example.com/mail"),
        ("https://user:p@ss@hooks.example.com/", "https://<redacted>@hooks.example.com/"),
        ("http://tok@[::1]:8080/x?y", "http://<redacted>@[::1]:8080/x?<redacted>"),
        ("http://proxy.internal:3128", "http://proxy.internal:3128"),
        ("hooks.example.com/mail?token=s3cret", "hooks.example.com/mail?<redacted>"),
        ("", ""),
    ])
    func redactsQueryAndUserInformation(url: String, shown: String) {
        #expect(RedactedURL(url).description == shown)
        #expect("\(RedactedURL(url))" == shown)
    }

    @Test func redactsEveryURLInAText() {
        let text = "HTTP 500 from https://a.example/x?token=one: retry; then http://u:p@b.example/y?k=two (\"HTTPS://c.example/?t=three\")"
        let redacted = RedactedURL.redactingURLs(in: text)
        #expect(redacted == "HTTP 500 from https://a.example/x?<redacted> retry; then http://<redacted>@b.example/y?<redacted> (\"HTTPS://c.example/?<redacted>\")")
        for secret in ["one", "two", "three", "u:p"] { #expect(!redacted.contains(secret)) }
        #expect(RedactedURL.redactingURLs(in: "no url here: a?b") == "no url here: a?b")
    }
}
