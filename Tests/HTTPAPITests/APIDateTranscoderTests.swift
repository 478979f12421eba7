import Foundation
import MailgateAPI
import Testing

@Suite struct APIDateTranscoderTests {
    @Test(arguments: [
        ("2030-01-01T00:00:00Z", 1_893_456_000.0),
        ("2030-01-01T00:00:00.250Z", 1_893_456_000.25),
        ("2030-01-01T02:00:00+02:00", 1_893_456_000.0),
        ("2029-12-31T19:00:00.5-05:00", 1_893_456_000.5),
    ])
    func readsRFC3339WithOrWithoutFractionsAndOffsets(text: String, seconds: Double) throws {
        let date = try APIDateTranscoder().decode(text)
        #expect(abs(date.timeIntervalSince1970 - seconds) < 0.001, "\(text) → \(date.timeIntervalSince1970)")
    }

    @Test func writesUTCWithMilliseconds() throws {
        #expect(try APIDateTranscoder().encode(Date(timeIntervalSince1970: 1_893_456_000.25)) == "2030-01-01T00:00:00.250Z")
    }

    @Test(arguments: ["tomorrow", "2030-01-01", "2030-01-01 00:00:00"])
    func refusesOtherForms(text: String) {
        #expect(throws: DecodingError.self) { try APIDateTranscoder().decode(text) }
    }
}
