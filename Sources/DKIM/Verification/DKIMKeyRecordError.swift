/// Why a key record cannot be used.
public enum DKIMKeyRecordError: Error, Hashable, Sendable, CustomStringConvertible {
    case tagList(DKIMTagListError)
    /// `v=` is not `DKIM1`, or not the first tag.
    case unsupportedVersion(String)
    case missingPublicKey
    case invalidBase64

    public var description: String {
        switch self {
        case .tagList(let error): "the key record is not a tag list: \(error)"
        case .unsupportedVersion(let version): "the key record's v=\(version) is not DKIM1 as the first tag"
        case .missingPublicKey: "the key record has no p= tag"
        case .invalidBase64: "the key record's p= is not base64"
        }
    }
}
