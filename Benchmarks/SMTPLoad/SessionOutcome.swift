/// What one session did: the latency of every delivered message, and every failure.
struct SessionOutcome: Sendable {
    var delivered = 0
    /// Messages answered with anything but 2xx/3xx (RCPT or the final reply).
    var refused = 0
    /// Microseconds from MAIL written to the final reply read, per delivered message.
    var latencies: [UInt32] = []
    /// Open-loop runs: messages that started more than a millisecond after they were due, and the worst.
    var late = 0
    var maxLatenessMicroseconds: Int64 = 0
    /// The first few refusals and the session failure, for the report.
    var errors: [String] = []
    /// Set when the session ended other than by QUIT after its last message.
    var sessionFailure: String?

    static let keptErrors = 5

    mutating func noteLateness(microseconds: Int64) {
        if microseconds > 1000 { late += 1 }
        maxLatenessMicroseconds = max(maxLatenessMicroseconds, microseconds)
    }

    /// Keeps `error` on one line (replies and errors may span several).
    mutating func note(_ error: String) {
        if errors.count < Self.keptErrors { errors.append(error.split(whereSeparator: \.isNewline).joined(separator: " ")) }
    }
}
