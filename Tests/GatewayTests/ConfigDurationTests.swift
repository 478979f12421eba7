import Testing

@testable import Gateway

@Suite struct ConfigDurationTests {
    @Test(arguments: [
        ("250ms", 250),
        ("15s", 15_000),
        ("5m", 300_000),
        ("2h", 7_200_000),
        ("3d", 259_200_000),
        ("1h30m", 5_400_000),
        (" 10S ", 10_000),
        ("0", 0),
    ])
    func parses(text: String, milliseconds: Int64) throws {
        #expect(try ConfigDuration(parsing: text).milliseconds == milliseconds)
    }

    @Test(arguments: [
        ("", ConfigDuration.ParseError.empty),
        ("15", .missingUnit("15")),
        ("15 s", .missingUnit("15 s")),
        ("5y", .unknownUnit("y")),
        ("s", .malformed("s")),
        ("1.5s", .missingUnit("1.5s")),
        ("99999999999999999d", .tooLarge),
    ])
    func rejects(text: String, error: ConfigDuration.ParseError) {
        #expect(throws: error) { try ConfigDuration(parsing: text) }
    }

    @Test func printsShortestExactForm() {
        #expect(ConfigDuration(.milliseconds(5_400_000)).description == "1h30m")
        #expect(ConfigDuration(.milliseconds(1_500)).description == "1s500ms")
        #expect(ConfigDuration(.zero).description == "0s")
    }
}
