import Testing

@testable import SMTPProtocol

struct SMTPDataRateMonitorTests {
    let start = ContinuousClock.now

    /// (seconds since the body began, octets read then) → whether the monitor says "too slow".
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var reads: [(Double, Int)]
        var verdicts: [Bool]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "a fast client", reads: [(1, 65536), (2, 65536), (31, 10)], verdicts: [false, false, false]),
        Case(name: "slow within the grace period", reads: [(1, 10), (20, 10), (29.9, 10)], verdicts: [false, false, false]),
        Case(name: "slow past the grace period", reads: [(1, 10), (20, 10), (30, 10)], verdicts: [false, false, true]),
        Case(name: "slow start, catching up before the window ends", reads: [(10, 10), (29, 31_000), (30, 10)], verdicts: [false, false, false]),
        Case(name: "exactly the minimum", reads: [(15, 15_360), (30, 15_360)], verdicts: [false, false]),
        Case(name: "one octet short of the minimum", reads: [(15, 15_360), (30, 15_359)], verdicts: [false, true]),
        Case(
            name: "each window judged on its own", reads: [(30, 40_000), (45, 100), (60, 100)],
            verdicts: [false, false, true]),
        Case(name: "a long silence, then a trickle", reads: [(170, 1)], verdicts: [true]),
    ]

    @Test(arguments: cases)
    func judgesEachWindow(_ example: Case) {
        var monitor = SMTPDataRateMonitor(minimumRate: 1024, window: .seconds(30))
        monitor.start(at: self.start)
        let verdicts = example.reads.map { seconds, octets in
            monitor.received(octets, at: self.start + .milliseconds(Int(seconds * 1000)))
        }
        #expect(verdicts == example.verdicts)
    }

    @Test func judgesNothingWhenStoppedOrDisabled() {
        var monitor = SMTPDataRateMonitor(minimumRate: 1024, window: .seconds(30))
        let early = monitor.received(1, at: self.start + .seconds(100))
        #expect(!early)
        monitor.start(at: self.start)
        monitor.stop()
        #expect(!monitor.isRunning)
        let stopped = monitor.received(1, at: self.start + .seconds(100))
        #expect(!stopped)

        var disabled = SMTPDataRateMonitor(minimumRate: 0, window: .seconds(30))
        disabled.start(at: self.start)
        #expect(!disabled.isRunning)
        let off = disabled.received(1, at: self.start + .seconds(100))
        #expect(!off)
    }

    @Test func restartingForgivesTheServersOwnPause() {
        var monitor = SMTPDataRateMonitor(minimumRate: 1024, window: .seconds(30))
        monitor.start(at: self.start)
        let before = monitor.received(1000, at: self.start + .seconds(1))
        #expect(!before)
        // The server held reads for 60 s (its store was slow); the window starts over when it resumes.
        monitor.start(at: self.start + .seconds(61))
        let after = monitor.received(40_000, at: self.start + .seconds(91))
        #expect(!after)
    }

    @Test func theStateMachineClosesWith421AndDropsTheMessage() {
        var c = ServerConversation(.submission { $0.tlsAvailable = false; $0.requireTLS = false })
        c.authenticate()
        _ = c.send("MAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\n")
        #expect(c.send("DATA\r\n") == ["start", "354"])
        _ = c.send("Subject: slow\r\n")
        #expect(c.dataRateTooLow() == ["close:421 4.4.2+abort"])
        #expect(c.lastReplies.first?.description == "421 4.4.2 mx.example.com Error: data rate too low (minimum 1024 octets per second)\r\n")
        #expect(c.dataRateTooLow() == [])
    }
}
