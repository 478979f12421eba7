/// Where a claimed idempotency key stands.
enum IdempotencyKeyState: String, Sendable, Hashable {
    case inFlight = "in_flight"
    case completed
}
