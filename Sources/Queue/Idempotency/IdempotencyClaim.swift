/// The answer to claiming an idempotency key (`Idempotency-Key` on the send API).
public enum IdempotencyClaim: Sendable, Hashable {
    /// The caller owns the key now and proceeds; it must complete or release it.
    case claimed
    /// The same key is being processed now (409).
    case inFlight
    /// The same key was used with a different request (409).
    case mismatch
    /// The request was already answered: replay this response.
    case completed(status: Int, body: [UInt8])
}
