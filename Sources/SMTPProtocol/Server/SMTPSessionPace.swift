/// The two clocks of a session outside its message bodies: its lifetime (``SMTPServerConfiguration/maximumSessionDuration``)
/// and the time the command line being received has taken (``SMTPServerConfiguration/commandLineTimeout``). Against a
/// client that trickles: the read timeout restarts with every octet, so one octet every few minutes would hold a
/// session for ever.
///
/// Pure: the handler tells it what it observed and when, arms one timer for ``nextDeadline``, and when the timer
/// fires turns ``expired(at:)`` into the state machine's event.
public struct SMTPSessionPace: Sendable {
    public enum Expiry: Sendable, Equatable {
        /// ``SMTPServerStateMachine/sessionLifetimeEnded()``
        case lifetime
        /// ``SMTPServerStateMachine/commandLineTooSlow()``
        case commandLine
    }

    private let lifetimeEnds: ContinuousClock.Instant
    private let commandLineTimeout: Duration
    private var lifetimeReported = false
    private var lineStarted: ContinuousClock.Instant?

    public init(configuration: SMTPServerConfiguration, startedAt start: ContinuousClock.Instant) {
        self.lifetimeEnds = start + configuration.maximumSessionDuration
        self.commandLineTimeout = configuration.commandLineTimeout
    }

    /// After every event: whether the state machine now waits for the rest of a command line
    /// (``SMTPServerStateMachine/commandLineInProgress``). A line's time runs from the first observation that it
    /// is in progress until one that it is not.
    public mutating func observe(commandLineInProgress: Bool, at now: ContinuousClock.Instant) {
        if !commandLineInProgress {
            self.lineStarted = nil
        } else if self.lineStarted == nil {
            self.lineStarted = now
        }
    }

    /// When the handler must call ``expired(at:)`` next; nil when nothing is due.
    public var nextDeadline: ContinuousClock.Instant? {
        let line = self.lineStarted.map { $0 + self.commandLineTimeout }
        let lifetime = self.lifetimeReported ? nil : self.lifetimeEnds
        switch (line, lifetime) {
        case let (line?, lifetime?): return min(line, lifetime)
        case let (line, lifetime): return line ?? lifetime
        }
    }

    /// What has run out at `now`, each reported once; nil when the timer fired early.
    public mutating func expired(at now: ContinuousClock.Instant) -> Expiry? {
        if !self.lifetimeReported && now >= self.lifetimeEnds {
            self.lifetimeReported = true
            return .lifetime
        }
        if let started = self.lineStarted, now >= started + self.commandLineTimeout {
            self.lineStarted = nil
            return .commandLine
        }
        return nil
    }
}
