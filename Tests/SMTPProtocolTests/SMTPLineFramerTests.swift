import NIOCore
import Testing

@testable import SMTPProtocol

struct SMTPLineFramerTests {
    private func lines(_ framer: inout SMTPLineFramer, _ input: inout ByteBuffer) -> [SMTPCommandLine] {
        var result: [SMTPCommandLine] = []
        while let line = framer.nextLine(from: &input) { result.append(line) }
        return result
    }

    @Test func splitsPipelinedLines() {
        var framer = SMTPLineFramer()
        var input = ByteBuffer(string: "MAIL FROM:<>\r\nRCPT TO:<a@b>\nDA")
        #expect(
            self.lines(&framer, &input) == [
                .line(ByteBuffer(string: "MAIL FROM:<>"), bareLF: false), .line(ByteBuffer(string: "RCPT TO:<a@b>"), bareLF: true),
            ])
        #expect(String(buffer: input) == "DA")
    }

    @Test func lineOfExactlyTheLimitPassesOneMoreFails() {
        var framer = SMTPLineFramer(commandLineLimit: 20)
        var input = ByteBuffer(string: String(repeating: "x", count: 18) + "\r\n" + String(repeating: "y", count: 19) + "\r\nNOOP\r\n")
        let result = self.lines(&framer, &input)
        #expect(result.count == 3)
        #expect(result[1] == .tooLong)
        #expect(result[2] == .line(ByteBuffer(string: "NOOP"), bareLF: false))
    }

    @Test func endlessLineIsDiscardedNotBuffered() {
        var framer = SMTPLineFramer(commandLineLimit: 512)
        var input = ByteBuffer()
        for _ in 0..<1000 {
            input.writeString(String(repeating: "z", count: 1000))
            #expect(framer.nextLine(from: &input) == nil)
            #expect(input.readableBytes <= 1000)
        }
        input.writeString("zzz\r\nQUIT\r\n")
        #expect(framer.nextLine(from: &input) == .tooLong)
        #expect(framer.nextLine(from: &input) == .line(ByteBuffer(string: "QUIT"), bareLF: false))
    }

    @Test func authLinesMayBeLonger() {
        var framer = SMTPLineFramer(commandLineLimit: 512, authLineLimit: 12288)
        let response = String(repeating: "A", count: 2000)
        var input = ByteBuffer(string: "AUTH PLAIN \(response)\r\n\(response)\r\n")
        #expect(framer.nextLine(from: &input) == .line(ByteBuffer(string: "AUTH PLAIN \(response)"), bareLF: false))
        #expect(framer.nextLine(from: &input) == .tooLong)
        input = ByteBuffer(string: "\(response)\r\n")
        #expect(framer.nextLine(from: &input, inAuthExchange: true) == .line(ByteBuffer(string: response), bareLF: false))
    }
}
