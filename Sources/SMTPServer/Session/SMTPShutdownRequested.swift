/// Fired into every session when the gateway shuts down gracefully: idle sessions get 421 at once,
/// sessions in a transaction finish it first.
struct SMTPShutdownRequested: Sendable {}
