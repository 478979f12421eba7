/// Fired into every session when the gateway shuts down gracefully: idle sessions get 421 at once,
/// sessions with a message under way finish it first. The handler only passes it on: the state machine
/// (`shutdownRequested()`) decides when to close and with which reply.
struct SMTPShutdownRequested: Sendable {}
