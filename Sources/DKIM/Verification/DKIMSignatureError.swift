/// Why a `DKIM-Signature` field cannot be verified before any key is looked up.
public enum DKIMSignatureError: Error, Hashable, Sendable, CustomStringConvertible {
    case tagList(DKIMTagListError)
    case missingTag(String)
    case unsupportedVersion(String)
    case unknownAlgorithm(String)
    case unknownCanonicalization(String)
    case invalidBase64(String)
    case invalidDomain(String)
    case invalidSelector(String)
    case emptyHeaderName
    case fromNotSigned
    case arcSealSigned
    case identityOutsideDomain(identity: String, domain: String)
    case unsupportedQueryMethod(String)
    case invalidNumber(tag: String, value: String)
    case expiresBeforeTimestamp(timestamp: UInt64, expiration: UInt64)

    public var description: String {
        switch self {
        case .tagList(let error): "the signature is not a tag list: \(error)"
        case .missingTag(let name): "the signature has no \(name)= tag"
        case .unsupportedVersion(let version): "the signature's version v=\(version) is not 1"
        case .unknownAlgorithm(let name): "the signature's algorithm a=\(name) is not supported"
        case .unknownCanonicalization(let value): "the signature's canonicalization c=\(value) is not supported"
        case .invalidBase64(let tag): "the signature's \(tag)= is not base64"
        case .invalidDomain(let domain): "the signature's domain d=\(domain) is not a DNS name"
        case .invalidSelector(let selector): "the signature's selector s=\(selector) is not a DNS name"
        case .emptyHeaderName: "the signature's h= lists an empty field name"
        case .fromNotSigned: "the signature's h= does not list From"
        case .arcSealSigned: "the ARC-Message-Signature's h= lists ARC-Seal"
        case .identityOutsideDomain(let identity, let domain): "the signature's identity i=\(identity) is not in its domain d=\(domain)"
        case .unsupportedQueryMethod(let value): "the signature's query method q=\(value) is not dns/txt"
        case .invalidNumber(let tag, let value): "the signature's \(tag)=\(value) is not a decimal number"
        case .expiresBeforeTimestamp(let timestamp, let expiration): "the signature expires (x=\(expiration)) before it was made (t=\(timestamp))"
        }
    }
}
