/// Answers kept until their TTL runs out, at most `capacity` of them. Positive answers live for their records'
/// smallest TTL, negative ones for the SOA's negative TTL (RFC 2308); temporary failures and negative answers
/// without an SOA are not kept. Pure: time is a value the caller passes.
public struct DNSCache<Instant: InstantProtocol>: Sendable where Instant.Duration == Duration {
    struct Entry: Sendable {
        var answer: DNSAnswer
        var expires: Instant
    }

    public let capacity: Int
    public let maximumTTL: Duration
    var entries: [DNSQuestion: Entry] = [:]

    public init(capacity: Int, maximumTTL: Duration) {
        self.capacity = max(capacity, 1)
        self.maximumTTL = maximumTTL
    }

    public var count: Int { entries.count }

    public mutating func answer(for question: DNSQuestion, at now: Instant) -> DNSAnswer? {
        guard let entry = entries[question] else { return nil }
        guard now < entry.expires else {
            entries[question] = nil
            return nil
        }
        return entry.answer
    }

    /// Keeps `answer` for `ttl` seconds (capped at `maximumTTL`); a TTL of nil or 0 keeps nothing.
    public mutating func store(_ answer: DNSAnswer, ttl: UInt32?, for question: DNSQuestion, at now: Instant) {
        guard let ttl, ttl > 0 else { return }
        if entries[question] == nil && entries.count >= capacity { evict(at: now) }
        entries[question] = Entry(answer: answer, expires: now.advanced(by: min(.seconds(Int(ttl)), maximumTTL)))
    }

    /// Drops what has expired; if that frees nothing, the eighth of the entries closest to expiry, so that a
    /// full cache costs one sort per capacity/8 insertions.
    mutating func evict(at now: Instant) {
        entries = entries.filter { now < $0.value.expires }
        guard entries.count >= capacity else { return }
        let soonest = entries.sorted { $0.value.expires < $1.value.expires }.prefix(max(capacity / 8, 1))
        for (question, _) in soonest { entries[question] = nil }
    }
}
