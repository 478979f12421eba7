/// What one message's verification found: a result per DKIM signature and, when asked for, the ARC chain's.
public struct DKIMAuthentication: Sendable, Hashable {
    public var signatures: [DKIMResult]
    /// Nil unless the verification was made with `verifiesARC`.
    public var arc: ARCResult?
}
