import Foundation

/// One unit of work waiting for the next group commit.
enum PendingWrite: Sendable {
    case chunk(BodyChunk)
    case message(NewMessage)
    case jobs([NewJob])
    case complete(CompletionRequest)
    case fail(FailureRequest)
}
