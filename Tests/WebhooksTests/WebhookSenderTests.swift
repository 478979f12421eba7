import Foundation
import HTTPClient
import Testing

@testable import Webhooks

@Suite struct WebhookSenderTests {
    static let now = Date(timeIntervalSince1970: 1_767_225_600)

    @Test(arguments: [
        (200, nil, WebhookVerdict.delivered),
        (201, nil, .delivered),
        (204, "120", .delivered),
        (299, nil, .delivered),
        (410, nil, .gone),
        (408, nil, .retry(after: nil)),
        (429, nil, .retry(after: nil)),
        (429, "120", .retry(after: .seconds(120))),
        (503, "7", .retry(after: .seconds(7))),
        (500, nil, .retry(after: nil)),
        (502, "soon", .retry(after: nil)),
        (599, nil, .retry(after: nil)),
        (301, nil, .rejected),
        (302, "5", .rejected),
        (304, nil, .rejected),
        (400, nil, .rejected),
        (401, nil, .rejected),
        (403, nil, .rejected),
        (404, nil, .rejected),
        (409, nil, .rejected),
        (422, nil, .rejected),
        (451, nil, .rejected),
        (100, nil, .rejected),
    ] as [(Int, String?, WebhookVerdict)])
    func verdict(status: Int, retryAfter: String?, expected: WebhookVerdict) {
        #expect(WebhookSender.verdict(status: status, retryAfter: retryAfter, now: Self.now) == expected)
    }

    @Test(arguments: [
        (#"{"message":"mailbox is full"}"#, "mailbox is full"),
        (#"{"reason":"unknown customer"}"#, "unknown customer"),
        (#"{"error":"bad signature"}"#, "bad signature"),
        (#"{"error":{"message":"nested explanation","code":7}}"#, "nested explanation"),
        // `message` is preferred over `reason` and `error`.
        (#"{"error":"third","reason":"second","message":"first"}"#, "first"),
        // A non-string `message` is skipped for the next key.
        (#"{"message":42,"reason":"the reason"}"#, "the reason"),
        (#"{"message":"first line\nsecond line"}"#, "first line"),
        (#"{"message":"  padded  "}"#, "padded"),
        (#"{"message":"tab\there\u0007bell"}"#, "tabherebell"),
        (#"{"message":"caf\u00e9"}"#, "caf"),
        // Not JSON (or JSON without those keys): the first line of the body.
        ("plain text reason\r\nmore", "plain text reason"),
        ("\n\nafter blank lines", "after blank lines"),
        (#"{"status":"nope"}"#, #"{"status":"nope"}"#),
        (#"["message"]"#, #"["message"]"#),
        ("", ""),
        ("<html>\n<body>Bad Gateway</body>", "<html>"),
    ])
    func reason(body: String, expected: String) {
        #expect(WebhookSender.reason(Array(body.utf8)) == expected)
    }

    @Test func reasonIsCappedAt200Characters() {
        let long = String(repeating: "a", count: 500)
        #expect(WebhookSender.reason(Array(long.utf8)) == String(repeating: "a", count: 200))
        let json = Array(#"{"message":"\#(long)"}"#.utf8)
        #expect(WebhookSender.reason(json).count == 200)
    }

    @Test func reasonOfBinaryGarbageIsPrintable() {
        let body: [UInt8] = [0xff, 0xfe, 0x00, 0x41, 0x1b, 0x5b, 0x42, 0x7f, 0x43]
        let reason = WebhookSender.reason(body)
        #expect(reason == "A[BC")
        #expect(reason.unicodeScalars.allSatisfy { (0x20..<0x7f).contains($0.value) })
    }

    /// A webhook at an address its policy refuses is a configuration error: the attempt is not a retry, and
    /// what it records names the URL without its token.
    @Test(arguments: ["http://10.0.0.1/hooks?token=tok-10", "http://169.254.169.254/latest?token=tok-meta"])
    func aRefusedDestinationIsNotRetried(url: String) async throws {
        let client = CurlHTTPClient(configuration: HTTPClientConfiguration(userAgent: "mailgate/test"))
        let target = WebhookTarget(url: url, signer: WebhookSigner(secrets: [try WebhookSecret("s3cret")]))
        let attempt = await WebhookSender(client: client).send(
            WebhookBody(contentType: "application/json", bytes: Array("{}".utf8)), to: target, id: "msg_1")
        await client.shutdown()
        #expect(attempt.verdict == .destinationRefused)
        guard case .destinationRefused(let outcome)? = Optional(WebhookDeliveryOutcome(attempt)) else {
            Issue.record("expected a destinationRefused outcome")
            return
        }
        let summary = outcome.summary(url: target.url)
        #expect(summary.contains("not retried"), "\(summary)")
        #expect(!summary.contains("tok-"), "\(summary)")
        #expect(summary.contains("?<redacted>"), "\(summary)")
    }
}
