import Synchronization

/// The `Idempotency-Key` that `IdempotencyMiddleware` claimed for the request being handled. A handler that
/// commits a message records its answer in that commit and marks it here, so the middleware does not record it
/// a second time (and a crash between the two cannot leave a sent message with an unrecorded key).
final class ClaimedIdempotencyKey: Sendable {
    @TaskLocal static var current: ClaimedIdempotencyKey?

    let scope: String
    let key: String
    private let recordedInCommit = Mutex(false)

    init(scope: String, key: String) {
        self.scope = scope
        self.key = key
    }

    var recorded: Bool { recordedInCommit.withLock { $0 } }

    func markRecorded() { recordedInCommit.withLock { $0 = true } }
}
