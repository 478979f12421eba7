/// How outbound mail leaves (`relay.*`): the upstream smarthosts, the pool, retries. Absent when no upstream
/// is configured: then sent mail is captured on a development instance and refused elsewhere.
public struct RelaySettings: Sendable, Equatable {
    public var upstreams: [UpstreamSettings]
    /// Relay transactions in flight per replica.
    public var concurrency: Int
    public var initialDelay: ConfigDuration
    public var maxDelay: ConfigDuration
    /// How long a deferred recipient is retried before it has `failed` (5 days, as MTAs do).
    public var horizon: ConfigDuration
    public var lease: ConfigDuration
    public var pollInterval: ConfigDuration
    /// Connections per upstream.
    public var maxConnections: Int
    /// Messages one connection carries before it is closed and a new one opened.
    public var maxMessagesPerConnection: Int
    /// An idle pooled connection is closed after this long.
    public var idleTimeout: ConfigDuration
    /// The relay's message size limit (the send API refuses larger messages with 413).
    public var maxMessageSize: ByteSize
    /// Whether SMTP-submitted mail that bounces or fails gets a delivery status notification back to its
    /// envelope sender.
    public var notifySender: Bool

    static func read(from reader: inout SettingsReader) -> RelaySettings? {
        let shownBefore = reader.effective.count
        var upstreams: [UpstreamSettings] = []
        let count = reader.itemCount("relay.upstreams")
        for index in 0..<count {
            if let upstream = UpstreamSettings.read(from: &reader, key: "relay.upstreams.\(index)") {
                upstreams.append(upstream)
            }
        }
        if reader.keyIsSet("relay.upstream") {
            if count > 0 {
                reader.report("relay.upstream", "give relay.upstreams or relay.upstream, not both")
            } else if let upstream = UpstreamSettings.read(from: &reader, key: "relay.upstream") {
                upstreams.append(upstream)
            }
        }
        let concurrency = reader.int("relay.concurrency", default: 32, range: 1...1024)
        let initialDelay = reader.duration("relay.retry.initial_delay", default: ConfigDuration(.seconds(60)))
        let maxDelay = reader.duration("relay.retry.max_delay", default: ConfigDuration(.seconds(3600)))
        let horizon = reader.duration("relay.retry.horizon", default: ConfigDuration(.seconds(5 * 24 * 3600)))
        let lease = reader.duration("relay.lease", default: ConfigDuration(.seconds(15 * 60)), minimum: .seconds(1))
        let pollInterval = reader.duration("relay.poll_interval", default: ConfigDuration(.milliseconds(250)))
        let maxConnections = reader.int("relay.max_connections", default: 8, range: 1...512)
        let maxMessages = reader.int("relay.max_messages_per_connection", default: 100, range: 1...100_000)
        let idleTimeout = reader.duration("relay.idle_timeout", default: ConfigDuration(.seconds(30)))
        let maxMessageSize = reader.byteSize(
            "relay.max_message_size", default: ByteSize(bytes: 25 * 1024 * 1024),
            range: ByteSize(bytes: 1024)...ByteSize(bytes: 1024 * 1024 * 1024))
        let notifySender = reader.bool("relay.notify_sender", default: true)
        if maxDelay.duration < initialDelay.duration {
            reader.report("relay.retry.max_delay", "must not be shorter than relay.retry.initial_delay")
        }
        guard !upstreams.isEmpty else {
            // No relay: its defaults would only clutter `check-config`.
            reader.truncateEffective(to: shownBefore)
            return nil
        }
        return RelaySettings(
            upstreams: upstreams, concurrency: concurrency, initialDelay: initialDelay, maxDelay: maxDelay,
            horizon: horizon, lease: lease, pollInterval: pollInterval, maxConnections: maxConnections,
            maxMessagesPerConnection: maxMessages, idleTimeout: idleTimeout, maxMessageSize: maxMessageSize,
            notifySender: notifySender)
    }
}
