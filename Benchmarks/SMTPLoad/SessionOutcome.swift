/// What one session did: the latency of every delivered message, and every failure.
struct SessionOutcome: Sendable {
    var delivered = 0
    /// Messages answered with anything but 2xx/3xx (RCPT or the final reply).
    var refused = 0
    /// Microseconds from MAIL written to the final reply read, per delivered message.
    var latencies: [UInt32] = []
    /// The first few refusals and the session failure, for the report.
    var errors: [String] = []
    /// Set when the session ended other than by QUIT after its last message.
    var sessionFailure: String?

    static let keptErrors = 5

    /// Keeps `error` on one line (replies and errors may span several).
    mutating func note(_ error: String) {
        if errors.count < Self.keptErrors { errors.append(error.split(whereSeparator: \.isNewline).joined(separator: " ")) }
    }
}
