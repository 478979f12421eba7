/// Errors of the queue stores. Open-time errors name the store (file path or redacted URL) and
/// say what is wrong; the store never recreates or resets data to get past them. Errors made from a
/// database library's error keep it as `underlying` (the message stays the same for logs).
public enum QueueStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidURL(String, reason: String)
    /// The store cannot be opened or written (missing directory, permissions, not a file, server refused).
    case cannotOpen(store: String, reason: String, underlying: QueueStoreErrorCause? = nil)
    /// The file or database content is damaged.
    case corrupted(store: String, reason: String, underlying: QueueStoreErrorCause? = nil)
    /// The file or database holds something else than a Mailgate queue.
    case foreignStore(store: String, reason: String)
    /// A newer Mailgate migrated this store; refusing to run older code against it.
    case schemaTooNew(store: String, found: Int, supported: Int)
    case unavailable(store: String, reason: String, underlying: QueueStoreErrorCause? = nil)
    case leaseLost(JobID)
    case messageNotFound(MessageID)
    case jobNotFound(JobID)
    case notRetryable(JobID, state: JobState)
    case writerFinished(MessageID)
    case duplicateID(String, underlying: QueueStoreErrorCause? = nil)
    case closed
    case database(store: String, reason: String, underlying: QueueStoreErrorCause? = nil)

    public var description: String {
        switch self {
        case .invalidURL(let url, let reason):
            "invalid storage URL '\(url)': \(reason)"
        case .cannotOpen(let store, let reason, _):
            "cannot open queue store \(store): \(reason)"
        case .corrupted(let store, let reason, _):
            "queue store \(store) is corrupted: \(reason) (restore it from a backup or move it away; Mailgate will not reset it)"
        case .foreignStore(let store, let reason):
            "\(store) is not a Mailgate queue store: \(reason)"
        case .schemaTooNew(let store, let found, let supported):
            "queue store \(store) has schema version \(found), this Mailgate supports up to \(supported); upgrade Mailgate"
        case .unavailable(let store, let reason, _):
            "queue store \(store) is unavailable: \(reason)"
        case .leaseLost(let id):
            "lease on job \(id) was lost (expired and taken over, or the job was changed)"
        case .messageNotFound(let id):
            "message \(id) not found"
        case .jobNotFound(let id):
            "job \(id) not found"
        case .notRetryable(let id, let state):
            "job \(id) is \(state.rawValue); only dead or failed jobs can be retried"
        case .writerFinished(let id):
            "message writer for \(id) was already committed or aborted"
        case .duplicateID(let id, _):
            "id \(id) already exists"
        case .closed:
            "queue store is closed"
        case .database(let store, let reason, _):
            "queue store \(store): \(reason)"
        }
    }

    /// The database library's error this one was made from, if any (a GRDB `DatabaseError`, a PostgresNIO
    /// `PSQLError`...).
    public var underlying: (any Error)? {
        switch self {
        case .cannotOpen(_, _, let cause), .corrupted(_, _, let cause), .unavailable(_, _, let cause),
            .database(_, _, let cause), .duplicateID(_, let cause):
            cause?.error
        default:
            nil
        }
    }
}
