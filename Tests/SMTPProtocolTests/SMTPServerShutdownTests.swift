import Testing

@testable import SMTPProtocol

/// Graceful shutdown as an event of the state machine: idle sessions close at once with 421, a message
/// under way is finished and answered first.
struct SMTPServerShutdownTests {
    static let accepting = SMTPServerConfiguration.inbound { $0.recipientPolicy = { _, _ in .accept } }

    static func inTransaction() -> ServerConversation {
        var c = ServerConversation(accepting)
        _ = c.open()
        _ = c.send("EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<x@y.example>\r\n")
        return c
    }

    @Test func anIdleSessionClosesAtOnce() {
        var c = ServerConversation(Self.accepting)
        _ = c.open()
        _ = c.send("EHLO c\r\n")
        #expect(c.shutdown() == ["close:421 4.3.2"])
        #expect(c.lastReasons == [.shutdown])
        #expect(c.machine.isClosed)
        #expect(c.shutdown() == [])
    }

    /// MAIL and RCPT without a body are not yet a message: nothing would be lost by closing.
    @Test func anEnvelopeWithoutABodyDoesNotHoldTheSession() {
        var c = Self.inTransaction()
        #expect(c.shutdown() == ["close:421 4.3.2"])
    }

    @Test func aMessageBeingReceivedIsFinishedAnsweredAndThenClosed() {
        var c = Self.inTransaction()
        #expect(c.send("DATA\r\nSubject: hi\r\n").starts(with: ["start", "354"]))
        #expect(c.shutdown() == [])
        #expect(!c.machine.isClosed)
        #expect(c.send("\r\nBody\r\n.\r\n").last == "commit")
        #expect(c.shutdown() == [], "a second request changes nothing while the commit is in flight")
        #expect(c.commit(.queued(id: "Q1")) == ["250 2.0.0", "close:421 4.3.2"])
        #expect(c.lastReasons == [.shutdown])
    }

    @Test func commandsPipelinedBehindTheMessageAreNotStartedAfterShutdown() {
        var c = Self.inTransaction()
        _ = c.send("DATA\r\n")
        _ = c.shutdown()
        #expect(c.send("Hi\r\n.\r\nMAIL FROM:<a@b.example>\r\n").last == "commit")
        // The MAIL waits behind the commit; answered after it, then the session closes instead of
        // starting another message's body.
        #expect(c.commit(.queued(id: "Q1")) == ["250 2.0.0", "250 2.1.0", "close:421 4.3.2"])
    }

    @Test func aRefusedMessageAlsoEndsTheWait() {
        var c = Self.inTransaction()
        _ = c.send("DATA\r\nHi\r\n.\r\n")
        _ = c.shutdown()
        #expect(c.commit(.failed(nil)) == ["451 4.3.0", "close:421 4.3.2"])
        #expect(c.lastReasons == [.commitFailed, .shutdown])
    }

    @Test func aChunkedMessageIsWaitedForUntilItsLastChunk() {
        var c = Self.inTransaction()
        #expect(c.send("BDAT 4\r\nabcd").last == "250 2.0.0")
        #expect(c.shutdown() == [])
        #expect(c.send("BDAT 2 LAST\r\nef").last == "commit")
        #expect(c.commit(.queued(id: "Q2")) == ["250 2.0.0", "close:421 4.3.2"])
    }

    @Test func beforeTheGreetingTheSessionClosesWithoutAReply() {
        var c = ServerConversation(.submission())
        #expect(c.shutdown() == ["close"])
        #expect(c.lastReasons.isEmpty)
    }
}
