import Foundation

/// One unit of work waiting for the next group commit.
enum PendingWrite: Sendable {
    case chunk(BodyChunk)
    /// Messages committed together: every one durable, with the claimed idempotency key completed, or none.
    case messages([NewMessage], idempotency: IdempotencyCompletion?)
    case jobs([NewJob])
    case complete(CompletionRequest)
    case fail(FailureRequest)
}
