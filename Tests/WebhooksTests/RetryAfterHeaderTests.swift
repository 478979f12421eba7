import Foundation
import Testing

@testable import Webhooks

@Suite struct RetryAfterHeaderTests {
    /// Thu, 01 Jan 2026 00:00:00 GMT.
    static let now = Date(timeIntervalSince1970: 1_767_225_600)

    @Test(arguments: [
        ("120", Duration?.some(.seconds(120))),
        ("0", .zero),
        (" 30 ", .seconds(30)),
        ("-5", nil),
        ("", nil),
        ("   ", nil),
        ("soon", nil),
        ("1.5", nil),
        ("12abc", nil),
        // IMF-fixdate, 90 s ahead.
        ("Thu, 01 Jan 2026 00:01:30 GMT", .seconds(90)),
        // Obsolete RFC 850 form.
        ("Thursday, 01-Jan-26 00:02:00 GMT", .seconds(120)),
        // Obsolete asctime form.
        ("Thu Jan  1 00:00:45 2026", .seconds(45)),
        ("Thu Jan 1 00:00:45 2026", .seconds(45)),
        // A date in the past means now.
        ("Wed, 31 Dec 2025 23:00:00 GMT", .zero),
        ("Thu, 01 Jan 2026 00:00:00 GMT", .zero),
        ("Thu, 01 Foo 2026 00:00:00 GMT", nil),
        ("01 Jan 2026", nil),
    ] as [(String, Duration?)])
    func delay(value: String, expected: Duration?) {
        #expect(RetryAfterHeader.delay(value, now: Self.now) == expected)
    }

    @Test func absentHeaderHasNoDelay() {
        #expect(RetryAfterHeader.delay(nil, now: Self.now) == nil)
    }
}
