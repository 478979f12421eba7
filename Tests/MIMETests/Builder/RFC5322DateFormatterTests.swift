import Foundation
@testable import MIME
import Testing

@Suite struct RFC5322DateFormatterTests {
    /// Foundation's formatter as the reference; the builder does not use it (cost, thread safety).
    static let reference: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter
    }()

    @Test(arguments: [
        0.0, 1.5, 86_399, 86_400, 951_782_400 /* 2000-02-29 */, 4_107_542_399 /* 2100-02-28 23:59:59 */,
        1_796_000_000, 253_402_300_799 /* 9999-12-31 */, -1 /* 1969-12-31 23:59:59 */, -2_208_988_800, /* 1900-01-01 */
    ])
    func matchesFoundation(seconds: Double) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(RFC5322DateFormatter.format(date) == Self.reference.string(from: date))
    }

    @Test func seededDatesMatchFoundation() {
        var generator = SplitMix64(seed: 0xDA7E)
        for _ in 0..<2000 {
            let seconds = Double(Int64.random(in: -2_000_000_000...8_000_000_000, using: &generator))
            let date = Date(timeIntervalSince1970: seconds)
            #expect(RFC5322DateFormatter.format(date) == Self.reference.string(from: date))
        }
    }

    @Test func ourParserReadsItBack() {
        var generator = SplitMix64(seed: 0xDA7F)
        for _ in 0..<200 {
            let seconds = Int64.random(in: 0...4_000_000_000, using: &generator)
            let text = RFC5322DateFormatter.format(Date(timeIntervalSince1970: Double(seconds)))
            #expect(DateParser.parse(text).secondsSince1970 == seconds, "\(text)")
        }
    }
}
