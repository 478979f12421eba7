/// A signature's result, named as in Authentication-Results (RFC 8601 §2.7.1).
public enum DKIMVerdict: String, Sendable, Hashable, CaseIterable {
    /// The signature verified.
    case pass
    /// The signature or the body hash did not verify: the message changed, or was never signed by that key.
    case fail
    /// The signature could not be processed: its syntax, a tag the verifier does not support, or it expired.
    case neutral
    /// The key could not be fetched now (DNS timeout, SERVFAIL); asking later may succeed.
    case temperror
    /// The key or the message cannot be used, and will not become usable: no key, a revoked, unreadable or
    /// too-small key, a key that forbids this use, or a message with more than one From.
    case permerror
}
