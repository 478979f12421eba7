import Foundation
import Testing

@testable import SMTPServer

/// The hand-written Received-header date against Foundation's formatter, the reference it replaced.
@Suite struct RFC5322DateTests {
    static let reference: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter
    }()

    @Test(arguments: [0.0, 1_800_000_000, 1_767_225_599.999, 951_782_400, 4_102_444_800, 1_700_000_009.5])
    func matchesFoundationsFormatter(_ seconds: Double) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(RFC5322Date.format(date) == Self.reference.string(from: date))
    }

    @Test func everyDayOfAYearMatches() {
        for day in 0..<366 {
            let date = Date(timeIntervalSince1970: 1_704_067_200 + Double(day) * 86_400 + 3_723)
            #expect(RFC5322Date.format(date) == Self.reference.string(from: date))
        }
    }
}
