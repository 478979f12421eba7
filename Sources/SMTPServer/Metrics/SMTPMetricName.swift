/// Every SMTP metric the listeners export, in one place (README's metrics table lists the same names).
/// All carry a `listener` label (`smtp.submission`, `smtp.submissions`, `smtp.inbound`).
public enum SMTPMetricName {
    /// Counter: sessions started (connections admitted).
    public static let sessions = "mailgate_smtp_sessions_total"
    /// Meter (gauge): sessions open now.
    public static let activeSessions = "mailgate_smtp_sessions_active"
    /// Counter: connections closed at once for a connection limit (also counted as a rejection).
    public static let refusedConnections = "mailgate_smtp_connections_refused_total"
    /// Counter, `result` (success, failure, timeout, eof, plaintext) and `version` (`TLSv1.3`, …; `none`
    /// when the handshake did not complete): implicit TLS and STARTTLS handshakes.
    public static let tlsHandshakes = "mailgate_smtp_tls_handshakes_total"
    /// Counter, `mechanism` (plain, login) and `result` (success, failure, locked_out, error).
    public static let authentications = "mailgate_smtp_auth_total"
    /// Counter: messages committed to the queue and acknowledged with 250.
    public static let acceptedMessages = "mailgate_smtp_messages_accepted_total"
    /// Counter: octets of those messages as the client sent them (after dot-unstuffing, without the
    /// Received header).
    public static let acceptedBytes = "mailgate_smtp_accepted_bytes_total"
    /// Counter, `reason` (see `SMTPRejectionReason`): refusals sent to clients, including the 421 that
    /// closes a session.
    public static let rejections = "mailgate_smtp_rejections_total"
}
