import NIOCore
import Testing

@testable import SMTPProtocol

struct SMTPServerChunkingTests {
    private func transaction(_ configuration: SMTPServerConfiguration = .inbound()) -> ServerConversation {
        var c = ServerConversation(configuration)
        _ = c.open()
        _ = c.send("EHLO a\r\nMAIL FROM:<a@b.example> BODY=BINARYMIME\r\nRCPT TO:<x@support.example.com>\r\n")
        return c
    }

    @Test func chunksArePassedThroughExactly() {
        var c = self.transaction()
        #expect(c.send("BDAT 5\r\nhe\n.\nBDAT 6 LAST\r\n world") == ["start", "append:he\n.\n", "250 2.0.0", "append: world", "commit"])
        #expect(c.lastReplies.first?.lines == ["Ok: 5 octets received"])
        #expect(c.commit(.queued(id: "B1")) == ["250 2.0.0"])
        #expect(c.lastReplies[0].lines == ["Ok: queued as B1"])
    }

    @Test func chunkSplitAcrossReads() {
        var c = self.transaction()
        #expect(c.send("BDAT 10 LAST\r\n01234") == ["start", "append:01234"])
        #expect(c.send("56789RSET\r\n") == ["append:56789", "commit"])
        #expect(c.commit(.queued(id: "x")) == ["250 2.0.0", "250 2.0.0"])
    }

    @Test func emptyLastChunk() {
        var c = self.transaction()
        #expect(c.send("BDAT 3\r\nabcBDAT 0 LAST\r\n") == ["start", "append:abc", "250 2.0.0", "commit"])
    }

    @Test func refusedChunkIsStillConsumed() {
        var c = ServerConversation(.inbound())
        _ = c.open()
        _ = c.send("EHLO a\r\n")
        #expect(c.send("BDAT 12\r\nMAIL FROM:<>NOOP\r\n") == ["503 5.5.1", "250 2.0.0"])
        _ = c.send("MAIL FROM:<>\r\n")
        #expect(c.send("BDAT 4 LAST\r\nQUITNOOP\r\n") == ["554 5.5.1", "250 2.0.0"])
    }

    @Test func chunkOverTheSizeLimit() {
        var c = self.transaction(.inbound { $0.maximumMessageSize = 10 })
        #expect(c.send("BDAT 6\r\n123456") == ["start", "append:123456", "250 2.0.0"])
        #expect(c.send("BDAT 6 LAST\r\n7890ab") == ["abort", "552 5.3.4"])
        #expect(c.send("BDAT 1 LAST\r\nx") == ["503 5.5.1"])
    }

    @Test func declaredChunkOverTheLimitNeverStartsAMessage() {
        var c = self.transaction(.inbound { $0.maximumMessageSize = 10 })
        #expect(c.send("BDAT 11 LAST\r\n0123456789a") == ["552 5.3.4"])
    }

    @Test func invalidBDATCloses() {
        var c = self.transaction()
        #expect(c.send("BDAT ten\r\n") == ["close:501 5.5.4"])
    }

    @Test func mixingDataAndBDATIsRefused() {
        var c = self.transaction()
        #expect(c.send("DATA\r\n") == ["503 5.5.1"], "BINARYMIME needs BDAT")
        _ = c.send("RSET\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<x@support.example.com>\r\n")
        #expect(c.send("BDAT 1\r\nx") == ["start", "append:x", "250 2.0.0"])
        #expect(c.send("DATA\r\n") == ["503 5.5.1"])
        #expect(c.send("RCPT TO:<y@support.example.com>\r\n") == ["503 5.5.1"])
        #expect(c.send("RSET\r\n") == ["abort", "250 2.0.0"])
    }
}
