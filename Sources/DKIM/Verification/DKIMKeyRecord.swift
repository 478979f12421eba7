/// A DKIM key record (RFC 6376 §3.6.1, RFC 8463 §4): the TXT record at `<selector>._domainkey.<domain>`.
/// Unknown tags are ignored, as the RFC requires, so that records with later extensions still work.
public struct DKIMKeyRecord: Sendable, Hashable {
    /// `k=`: `rsa` when absent. Kept as written (lowercased) so that an unknown type is reported by name.
    public var keyType: String
    /// `p=`, decoded; empty when the key was revoked.
    public var publicKey: [UInt8]
    /// `h=`: the hash algorithms the key may be used with; nil (all) when absent.
    public var hashAlgorithms: [String]?
    /// `s=`: the service types; `["*"]` when absent.
    public var serviceTypes: [String]
    /// `t=`: `y` (the domain is testing DKIM), `s` (the `i=` domain must be `d=` itself); unknown flags ignored.
    public var flags: [String]

    public init(parsing record: some Collection<UInt8>) throws(DKIMKeyRecordError) {
        let tags: DKIMTagList
        do {
            tags = try DKIMTagList(parsing: record)
        } catch {
            throw .tagList(error)
        }
        // v= is optional, but when present it must be first and DKIM1.
        if let index = tags.tags.firstIndex(where: { $0.name == "v" }) {
            guard index == 0, tags.tags[0].value == "DKIM1" else { throw .unsupportedVersion(tags.tags[index].value) }
        }
        guard let p = tags["p"] else { throw .missingPublicKey }
        guard let publicKey = DKIMBase64.decode(p) else { throw .invalidBase64 }
        self.publicKey = publicKey
        keyType = (tags["k"] ?? "rsa").lowercased()
        hashAlgorithms = tags["h"].map(Self.list)
        serviceTypes = tags["s"].map(Self.list) ?? ["*"]
        flags = tags["t"].map(Self.list) ?? []
    }

    /// A colon-separated list, each item stripped of whitespace and lowercased.
    static func list(_ value: String) -> [String] {
        value.split(separator: ":").map { String(decoding: DKIMTagList.trimmed(ArraySlice($0.utf8)), as: UTF8.self).lowercased() }
    }

    public var isRevoked: Bool { publicKey.isEmpty }
    public var isTesting: Bool { flags.contains("y") }
    /// `t=s`: signatures whose `i=` domain is a subdomain of `d=` must not be accepted.
    public var forbidsSubdomains: Bool { flags.contains("s") }
    /// Whether the record may be used for email (`s=*` or `s=email`).
    public var allowsEmail: Bool { serviceTypes.contains("*") || serviceTypes.contains("email") }
    /// Whether the record allows SHA-256 (`h=` absent, or listing it).
    public var allowsSHA256: Bool { hashAlgorithms?.contains("sha256") ?? true }
}
