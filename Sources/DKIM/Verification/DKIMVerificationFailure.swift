/// Why a signature did not pass; each reason decides the verdict.
public enum DKIMVerificationFailure: Error, Hashable, Sendable, CustomStringConvertible {
    case signature(DKIMSignatureError)
    /// `x=` is before the time of verification.
    case expired(expiration: UInt64, now: UInt64)
    /// RFC 5322 allows one From field; a message with more is refused whatever it signs (RFC 7489 §6.6.1).
    case multipleFrom(Int)
    /// The message has more signatures than `DKIMVerificationLimits.maxSignatures`; this one was not verified.
    case notEvaluated(limit: Int)
    /// The header is longer than `DKIMVerificationLimits.maxHeaderBytes`.
    case headerTooLarge(limit: Int)
    case keyLookupFailed(name: String, reason: String)
    /// NXDOMAIN, or no TXT record at the name.
    case noKey(name: String)
    case keyRecord(DKIMKeyRecordError)
    /// `p=` is empty.
    case keyRevoked
    /// The key's `k=` is not the signature's algorithm's (or unknown).
    case keyTypeMismatch(keyType: String, algorithm: DKIMAlgorithm)
    /// The key's `h=` does not allow SHA-256.
    case keyHashNotAllowed([String])
    /// The key's `s=` is not for email.
    case keyNotForEmail([String])
    /// The key has `t=s` and `i=` is in a subdomain of `d=`.
    case subdomainIdentityForbidden(identity: String)
    /// `p=` is not a key of its type.
    case unreadablePublicKey
    /// RSA keys under 1024 bits are never accepted (RFC 8301 §3.2).
    case keyTooSmall(bits: Int)
    /// RSA keys over `DKIMVerificationLimits.maxRSAKeyBits` are refused (their cost is the sender's choice).
    case keyTooLarge(bits: Int)
    /// `l=` is larger than the canonical body: the signer hashed what is not there.
    case bodyLengthExceedsBody(bodyLength: UInt64, canonicalBody: UInt64)
    case bodyHashMismatch
    case signatureMismatch

    public var verdict: DKIMVerdict {
        switch self {
        case .bodyHashMismatch, .signatureMismatch: .fail
        case .signature, .expired, .notEvaluated: .neutral
        case .keyLookupFailed: .temperror
        case .multipleFrom, .headerTooLarge, .noKey, .keyRecord, .keyRevoked, .keyTypeMismatch, .keyHashNotAllowed, .keyNotForEmail,
            .subdomainIdentityForbidden, .unreadablePublicKey, .keyTooSmall, .keyTooLarge, .bodyLengthExceedsBody:
            .permerror
        }
    }

    public var description: String {
        switch self {
        case .signature(let error): error.description
        case .expired(let expiration, let now): "the signature expired at \(expiration) (now \(now))"
        case .multipleFrom(let count): "the message has \(count) From fields"
        case .notEvaluated(let limit): "not verified: only the first \(limit) signatures are"
        case .headerTooLarge(let limit): "the header is longer than \(limit) octets"
        case .keyLookupFailed(let name, let reason): "the key at \(name) could not be fetched: \(reason)"
        case .noKey(let name): "no key at \(name)"
        case .keyRecord(let error): error.description
        case .keyRevoked: "the key was revoked (empty p=)"
        case .keyTypeMismatch(let keyType, let algorithm): "the key is k=\(keyType), the signature \(algorithm.rawValue)"
        case .keyHashNotAllowed(let hashes): "the key allows only h=\(hashes.joined(separator: ":"))"
        case .keyNotForEmail(let services): "the key is for s=\(services.joined(separator: ":")), not email"
        case .subdomainIdentityForbidden(let identity): "the key has t=s and the identity \(identity) is in a subdomain"
        case .unreadablePublicKey: "the key's p= is not a public key of its type"
        case .keyTooSmall(let bits): "the RSA key has \(bits) bits, under the 1024 required"
        case .keyTooLarge(let bits): "the RSA key has \(bits) bits, over the limit"
        case .bodyLengthExceedsBody(let bodyLength, let canonicalBody): "l=\(bodyLength) is longer than the canonical body (\(canonicalBody) octets)"
        case .bodyHashMismatch: "the body hash does not match (the body changed)"
        case .signatureMismatch: "the signature does not verify (a signed header changed, or another key signed)"
        }
    }
}
