/// Life cycle of a job.
///
/// `failed` is a permanent failure reported by the worker (e.g. a 4xx webhook answer);
/// `dead` means the retry policy gave up (attempts or age exhausted). Both keep their reason
/// and can be retried by an operator.
public enum JobState: String, Sendable, Hashable, Codable, CaseIterable {
    case queued
    case leased
    case delivered
    case failed
    case dead

    /// States an operator may send back to `queued`.
    public var isRetryableByOperator: Bool {
        self == .dead || self == .failed
    }
}
