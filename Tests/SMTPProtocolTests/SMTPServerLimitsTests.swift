import NIOCore
import Testing

@testable import SMTPProtocol

struct SMTPServerLimitsTests {
    private func ready(_ configuration: SMTPServerConfiguration) -> ServerConversation {
        var c = ServerConversation(configuration)
        _ = c.open()
        _ = c.send("EHLO a\r\n")
        return c
    }

    @Test func declaredSizeOverTheLimitIsRefusedAtMail() {
        var c = self.ready(.inbound { $0.maximumMessageSize = 1000 })
        #expect(c.lastReplies[0].lines.contains("SIZE 1000"))
        #expect(c.send("MAIL FROM:<a@b.example> SIZE=1001\r\n") == ["552 5.3.4"])
        #expect(c.send("MAIL FROM:<a@b.example> SIZE=1000\r\n") == ["250 2.1.0"])
    }

    @Test func bodyOverTheLimitIsRefusedAfterItsEnd() {
        var c = self.ready(.inbound { $0.maximumMessageSize = 20 })
        _ = c.send("MAIL FROM:<a@b.example>\r\nRCPT TO:<x@support.example.com>\r\nDATA\r\n")
        #expect(c.send("0123456789\r\n") == ["append:0123456789\r\n"])
        #expect(c.send("0123456789\r\n") == ["abort"])
        #expect(c.send("more\r\nand more\r\n") == [])
        #expect(c.send(".\r\nNOOP\r\n") == ["552 5.3.4", "250 2.0.0"])
        #expect(c.send("DATA\r\n") == ["503 5.5.1"], "the transaction is over")
    }

    @Test func overlongDataLineIsRefusedAfterTheEnd() {
        var c = self.ready(.inbound { $0.dataLineLimit = 100 })
        _ = c.send("MAIL FROM:<a@b.example>\r\nRCPT TO:<x@support.example.com>\r\nDATA\r\n")
        #expect(c.send(String(repeating: "x", count: 99) + "\r\n.\r\n") == ["abort", "554 5.6.0"])
    }

    @Test func recipientLimit() {
        var c = self.ready(.inbound { $0.maximumRecipients = 2; $0.recipientPolicy = { _, _ in .accept } })
        _ = c.send("MAIL FROM:<a@b.example>\r\n")
        #expect(c.send("RCPT TO:<1@x.example>\r\nRCPT TO:<2@x.example>\r\nRCPT TO:<3@x.example>\r\n") == ["250 2.1.5", "250 2.1.5", "452 4.5.3"])
    }

    @Test func errorLimitClosesWith421() {
        var c = self.ready(.inbound { $0.maximumErrors = 3 })
        #expect(c.send("FOO\r\nBAR\r\n") == ["500 5.5.2", "500 5.5.2"])
        #expect(c.send("BAZ\r\nNOOP\r\n") == ["500 5.5.2", "close:421 4.7.0"])
        #expect(c.machine.isClosed)
    }

    @Test func commandsWithoutMailAreLimited() {
        var c = self.ready(.inbound { $0.maximumCommandsWithoutMail = 4 })
        #expect(c.send("NOOP\r\nNOOP\r\nNOOP\r\n") == ["250 2.0.0", "250 2.0.0", "250 2.0.0"])
        #expect(c.send("NOOP\r\n") == ["close:421 4.7.0"])

        var d = self.ready(.inbound { $0.maximumCommandsWithoutMail = 4 })
        _ = d.send("NOOP\r\nNOOP\r\nMAIL FROM:<>\r\n")
        #expect(d.send("NOOP\r\nNOOP\r\nNOOP\r\nNOOP\r\n") == ["250 2.0.0", "250 2.0.0", "250 2.0.0", "250 2.0.0"], "MAIL resets the count")
        #expect(d.send("NOOP\r\n") == ["close:421 4.7.0"], "NOOPs inside a transaction still count")
    }

    @Test func manyRecipientsAndChunksAreNotCountedAsIdleCommands() {
        var c = self.ready(.inbound { $0.maximumCommandsWithoutMail = 5; $0.recipientPolicy = { _, _ in .accept } })
        _ = c.send("MAIL FROM:<a@b.example>\r\n")
        let recipients = (0..<50).map { "RCPT TO:<r\($0)@x.example>\r\n" }.joined()
        #expect(c.send(recipients).allSatisfy { $0 == "250 2.1.5" })
        let chunks = String(repeating: "BDAT 1\r\nx", count: 20)
        #expect(c.send(chunks).filter { $0 == "250 2.0.0" }.count == 20)
        #expect(c.send("BDAT 0 LAST\r\n") == ["commit"])
        #expect(c.envelopes[0].recipients.count == 50)
    }

    @Test func overlongCommandLineGetsAReplyAndTheSessionResyncs() {
        var c = self.ready(.inbound())
        #expect(c.send("NOOP " + String(repeating: "x", count: 600) + "\r\nNOOP\r\n") == ["500 5.5.2", "250 2.0.0"])
        var d = self.ready(.inbound { $0.commandLineLimit = 1000 })
        #expect(d.send("NOOP " + String(repeating: "x", count: 600) + "\r\n") == ["250 2.0.0"])
    }

    @Test func endlessCommandLineIsNotBuffered() {
        var c = self.ready(.inbound())
        for _ in 0..<100 {
            #expect(c.send(String(repeating: "x", count: 10_000)) == [])
            #expect(c.machine.wantsMoreInput)
        }
        #expect(c.send("\r\nQUIT\r\n") == ["500 5.5.2", "close:221 2.0.0"])
    }

    @Test func timeoutCloses() {
        var c = self.ready(.inbound())
        #expect(c.machine.readTimeout == .seconds(300))
        _ = c.send("MAIL FROM:<a@b.example>\r\nRCPT TO:<x@support.example.com>\r\nDATA\r\n")
        #expect(c.machine.readTimeout == .seconds(180))
        #expect(c.timeout() == ["close:421 4.4.2+abort"])
        #expect(c.timeout() == [])
    }

    @Test func backpressureWhileWaitingForAResult() {
        var c = self.ready(.inbound { $0.maximumBufferedInput = 100 })
        _ = c.send("MAIL FROM:<a@b.example>\r\nRCPT TO:<x@support.example.com>\r\nDATA\r\nx\r\n.\r\n")
        #expect(c.machine.wantsMoreInput)
        _ = c.send(String(repeating: "NOOP\r\n", count: 20))
        #expect(!c.machine.wantsMoreInput)
        #expect(c.commit(.queued(id: "q")).count == 21)
        #expect(c.machine.wantsMoreInput)
    }

    @Test func connectionLossDuringDataAbortsTheMessage() {
        var c = self.ready(.inbound())
        _ = c.send("MAIL FROM:<a@b.example>\r\nRCPT TO:<x@support.example.com>\r\nDATA\r\npartial")
        #expect(c.machine.connectionClosed() == [.abortMessage])
    }

    @Test func bodyChunksAreBounded() {
        var c = self.ready(.inbound { $0.maximumBodyChunkSize = 1024 })
        _ = c.send("MAIL FROM:<a@b.example>\r\nRCPT TO:<x@support.example.com>\r\nDATA\r\n")
        let body = String(repeating: String(repeating: "y", count: 78) + "\r\n", count: 1000)
        let actions = c.send(body + ".\r\n")
        let appended = actions.filter { $0.hasPrefix("append:") }.map { $0.dropFirst("append:".count) }
        #expect(appended.allSatisfy { $0.utf8.count <= 1024 })
        #expect(appended.joined() == body)
        #expect(actions.last == "commit")
    }
}
