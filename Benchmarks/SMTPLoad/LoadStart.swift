import NIOCore

/// Fired into every session's pipeline once all sessions are established, so connection set-up and TLS
/// handshakes stay out of the measured interval. `at` is the common start open-loop schedules count from;
/// `deadline` ends `--seconds` runs.
struct LoadStart: Sendable {
    var at: NIODeadline
    var deadline: NIODeadline?
}
