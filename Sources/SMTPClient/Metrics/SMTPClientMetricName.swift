/// Every metric of the relay client, in one place. All carry an `upstream` label (`host:port`).
public enum SMTPClientMetricName {
    /// Counter, `result`: one per upstream tried for a message (`replied`, `refused`, `connect_failed`,
    /// `tls_failed`, `session_failed`, `lost_in_transaction`, `body_unavailable` when our own body could not be
    /// read, `skipped` when its circuit is open).
    public static let attempts = "mailgate_relay_attempts_total"
    /// Gauge, `state` (`open`, `idle`): connections of the upstream's pool.
    public static let poolConnections = "mailgate_relay_pool_connections"
    /// Gauge: the upstream's circuit, 0 closed, 1 half-open (probing), 2 open (skipped).
    public static let circuitState = "mailgate_relay_circuit_state"
    /// Timer: from lease to the final reply of one message that got replies from this upstream.
    public static let relayDuration = "mailgate_relay_duration_seconds"
}
