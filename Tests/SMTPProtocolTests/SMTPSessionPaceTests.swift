import Testing

@testable import SMTPProtocol

/// The session's lifetime and the command line's time, as events of the state machine and as the pure
/// deadlines the handler arms its timer for.
struct SMTPSessionPaceTests {
    static let accepting = SMTPServerConfiguration.inbound { $0.recipientPolicy = { _, _ in .accept } }

    @Test func aCommandLineInProgressIsOnlyOneStillArriving() {
        var c = ServerConversation(Self.accepting)
        _ = c.open()
        #expect(!c.machine.commandLineInProgress)
        _ = c.send("EH")
        #expect(c.machine.commandLineInProgress)
        _ = c.send("LO c\r\n")
        #expect(!c.machine.commandLineInProgress)
        _ = c.send("MAIL FROM:<a@b.example>\r\nRCPT TO:<x@y.example>\r\nDATA\r\nSubj")
        #expect(!c.machine.commandLineInProgress, "message bodies have their own rate")
    }

    @Test func aCommandLineTooSlowClosesWithA421() {
        var c = ServerConversation(Self.accepting)
        _ = c.open()
        #expect(c.commandLineTooSlow() == [], "no line under way: nothing to time out")
        _ = c.send("NO")
        #expect(c.commandLineTooSlow() == ["close:421 4.4.2"])
        #expect(c.lastReasons == [.timeout])
        #expect(c.machine.isClosed)
    }

    @Test func theLifetimeEndsAnIdleSessionAtOnce() {
        var c = ServerConversation(Self.accepting)
        _ = c.open()
        _ = c.send("EHLO c\r\nNOOP\r\n")
        #expect(c.lifetimeEnded() == ["close:421 4.4.2"])
        #expect(c.lastReasons == [.timeout])
    }

    @Test func theLifetimeLetsAMessageUnderWayFinish() {
        var c = ServerConversation(Self.accepting)
        _ = c.open()
        _ = c.send("EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<x@y.example>\r\nDATA\r\nSubject: hi\r\n")
        #expect(c.lifetimeEnded() == [])
        #expect(c.send("\r\nBody\r\n.\r\n").last == "commit")
        #expect(c.commit(.queued(id: "Q1")) == ["250 2.0.0", "close:421 4.4.2"])
    }

    let start = ContinuousClock.now
    var pace: SMTPSessionPace {
        var configuration = Self.accepting
        configuration.maximumSessionDuration = .seconds(600)
        configuration.commandLineTimeout = .seconds(30)
        return SMTPSessionPace(configuration: configuration, startedAt: start)
    }

    @Test func theLifetimeIsDueOnceFromTheStart() {
        var pace = self.pace
        #expect(pace.nextDeadline == start + .seconds(600))
        #expect(pace.expired(at: start + .seconds(599)) == nil)
        #expect(pace.expired(at: start + .seconds(600)) == .lifetime)
        #expect(pace.nextDeadline == nil)
        #expect(pace.expired(at: start + .seconds(700)) == nil)
    }

    /// One octet now and then keeps a read timeout at bay, not the line's own deadline.
    @Test func aLineIsTimedFromItsFirstOctetNotItsLast() {
        var pace = self.pace
        pace.observe(commandLineInProgress: true, at: start + .seconds(1))
        for second in 2...30 { pace.observe(commandLineInProgress: true, at: start + .seconds(second)) }
        #expect(pace.nextDeadline == start + .seconds(31))
        #expect(pace.expired(at: start + .seconds(31)) == .commandLine)
        // A completed line stops its clock; the next starts its own.
        pace.observe(commandLineInProgress: true, at: start + .seconds(40))
        pace.observe(commandLineInProgress: false, at: start + .seconds(41))
        #expect(pace.nextDeadline == start + .seconds(600))
        pace.observe(commandLineInProgress: true, at: start + .seconds(590))
        #expect(pace.nextDeadline == start + .seconds(600), "the earlier of the two")
    }
}
