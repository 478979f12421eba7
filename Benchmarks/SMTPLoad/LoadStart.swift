import NIOCore

/// Fired into every session's pipeline once all sessions are established, so connection set-up and TLS
/// handshakes stay out of the measured interval. `deadline` ends `--seconds` runs.
struct LoadStart: Sendable {
    var deadline: NIODeadline?
}
