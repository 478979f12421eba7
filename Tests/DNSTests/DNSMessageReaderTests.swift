import DNS
import MailAuth
import Testing

/// The reply reader on hand-made messages: what the live tests cannot provoke (pointer loops, records cut
/// short) and the SOA's negative TTL.
@Suite struct DNSMessageReaderTests {
    /// A reply for `example.com` A with the given answer and authority sections after the question.
    static func reply(flags: UInt16 = 0x8180, answers: Int = 0, authorities: Int = 0, _ sections: [UInt8]) -> [UInt8] {
        let header: [UInt8] = [0x12, 0x34, UInt8(flags >> 8), UInt8(flags & 0xff), 0, 1, 0, UInt8(answers), 0, UInt8(authorities), 0, 0]
        let question: [UInt8] = [7] + Array("example".utf8) + [3] + Array("com".utf8) + [0, 0, 1, 0, 1]
        return header + question + sections
    }

    static let answerA: [UInt8] = [0xc0, 12, 0, 1, 0, 1, 0, 0, 0x0e, 0x10, 0, 4, 192, 0, 2, 10]  // TTL 3600

    @Test func addressWithTTLAndADBit() throws {
        let reply = try DNSMessageReader.read(Self.reply(flags: 0x81a0, answers: 1, Self.answerA), name: "Example.COM.", type: .a)
        #expect(reply.records == [.address(IPAddress("192.0.2.10")!)])
        #expect(reply.ttl == 3600)
        #expect(reply.authenticated)
        #expect(reply.responseCode == 0)
    }

    @Test func negativeTTLIsTheSmallerOfSOATTLAndMinimum() throws {
        // example.com SOA, TTL 900, MNAME/RNAME as pointers, serial..expire, MINIMUM 300.
        let soa: [UInt8] = [0xc0, 12, 0, 6, 0, 1, 0, 0, 0x03, 0x84, 0, 24, 0xc0, 12, 0xc0, 12]
            + [0, 0, 0, 1, 0, 0, 0x0e, 0x10, 0, 0, 2, 0x58, 0, 1, 0x51, 0x80, 0, 0, 1, 0x2c]
        let reply = try DNSMessageReader.read(Self.reply(flags: 0x8183, authorities: 1, soa), name: "example.com", type: .a)
        #expect(reply.responseCode == DNSReply.nameError)
        #expect(reply.records.isEmpty)
        #expect(reply.negativeTTL == 300)
    }

    @Test func compressionLoopIsRefused() {
        // An answer whose owner is a pointer to itself.
        let looping: [UInt8] = [0xc0, 29, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 10]
        #expect(throws: DNSMessageError.self) { try DNSMessageReader.read(Self.reply(answers: 1, looping), name: "example.com", type: .a) }
    }

    @Test func recordsCutShortAreRefused() {
        for length in 0..<Self.answerA.count {
            let cut = Self.reply(answers: 1, Array(Self.answerA.prefix(length)))
            #expect(throws: DNSMessageError.self) { try DNSMessageReader.read(cut, name: "example.com", type: .a) }
        }
    }

    @Test func queryCarriesADAndEDNS() throws {
        let query = try DNSQueryBuilder.query(name: "example.com.", type: .txt)
        #expect(query[2] == 0x01 && query[3] == 0x20)
        #expect(Array(query.suffix(11)) == [0, 0, 41, 0x04, 0xd0, 0, 0, 0, 0, 0, 0])
        #expect(throws: DNSMessageError.self) { try DNSQueryBuilder.query(name: String(repeating: "a", count: 64) + ".com", type: .a) }
    }
}
