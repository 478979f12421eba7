import Testing

@testable import Gateway

@Suite struct ByteSizeTests {
    @Test(arguments: [
        ("26214400", 26_214_400),
        ("25MiB", 25 << 20),
        ("25 MiB", 25 << 20),
        ("512kib", 512 << 10),
        ("1GiB", 1 << 30),
        ("1KB", 1_000),
        ("3MB", 3_000_000),
        ("100B", 100),
        ("0", 0),
    ])
    func parses(text: String, bytes: Int) throws {
        #expect(try ByteSize(parsing: text).bytes == bytes)
    }

    @Test(arguments: [
        ("", ByteSize.ParseError.empty),
        ("25M", .unknownUnit("m")),
        ("ten", .unknownUnit("ten")),
        ("-5", .notANumber("-5")),
        ("1.5MiB", .notANumber("1.5")),
        ("9999999999999999TiB", .tooLarge),
    ])
    func rejects(text: String, error: ByteSize.ParseError) {
        #expect(throws: error) { try ByteSize(parsing: text) }
    }

    @Test func printsShortestExactForm() {
        #expect(ByteSize(bytes: 25 << 20).description == "25MiB")
        #expect(ByteSize(bytes: 1536).description == "1536B")
        #expect(ByteSize(bytes: 1000).description == "1000B")
        #expect(ByteSize(bytes: 2 << 30).description == "2GiB")
    }
}
