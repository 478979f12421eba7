/// A sync webhook's answer, as the SMTP reply to DATA will carry it.
public enum SyncVerdict: Sendable, Hashable {
    /// 2xx: 250.
    case accepted
    /// Other 4xx (and 3xx, 410): 550 5.7.1 with the receiver's reason.
    case refused(reason: String)
    /// 408, 429, 5xx, timeout, no answer: 451 4.3.0, so the sending MTA retries.
    case deferred(reason: String)
}
