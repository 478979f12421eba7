/// The outcome of one `DKIM-Signature` field, with what Authentication-Results reports about it.
public struct DKIMResult: Sendable, Hashable, CustomStringConvertible {
    public var verdict: DKIMVerdict
    /// `d=`, `s=` and `i=` as far as the signature could be read (nil when it could not).
    public var domain: String?
    public var selector: String?
    public var identity: String?
    public var algorithm: DKIMAlgorithm?
    /// `l=`, when the signature covers only part of the body.
    public var bodyLength: UInt64?
    /// Canonical body octets after the `l=` limit: content the signature does not cover (0 when `l=` is absent
    /// or the whole body).
    public var unsignedBodyOctets: UInt64
    /// The key has `t=y`: the domain is testing DKIM and asks that its failures be treated as unsigned mail.
    public var testing: Bool
    /// Why it did not pass; nil for `pass`.
    public var failure: DKIMVerificationFailure?

    /// Whether `l=` was used (the message may carry content after the signed part).
    public var usesBodyLength: Bool { bodyLength != nil }

    public var description: String {
        var text = "dkim=\(verdict.rawValue)"
        if let domain { text += " header.d=\(domain)" }
        if let selector { text += " header.s=\(selector)" }
        if let identity { text += " header.i=\(identity)" }
        if let bodyLength { text += " l=\(bodyLength)" }
        if let failure { text += " (\(failure))" }
        return text
    }
}
