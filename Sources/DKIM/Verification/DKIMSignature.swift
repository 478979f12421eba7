import MIME

/// A `DKIM-Signature` field's tags (RFC 6376 §3.5), checked: everything a verifier needs before it asks for the key.
public struct DKIMSignature: Sendable, Hashable {
    public var algorithm: DKIMAlgorithm
    /// `b=`, decoded.
    public var signature: [UInt8]
    /// `bh=`, decoded.
    public var bodyHash: [UInt8]
    public var headerCanonicalization: DKIMCanonicalization
    public var bodyCanonicalization: DKIMCanonicalization
    /// `d=`, lowercased.
    public var domain: String
    /// `s=`, lowercased (DNS names compare without case).
    public var selector: String
    /// `h=`: the field names signed, lowercased, in order (repeats included).
    public var signedHeaders: [String]
    /// `i=`, or `@` and the domain when absent.
    public var identity: String
    /// `l=`: how many octets of the canonical body are signed; nil for all of them. Values past `UInt64.max`
    /// (up to the 76 digits allowed) mean all of them too.
    public var bodyLength: UInt64?
    /// `t=` and `x=`, seconds since 1970.
    public var timestamp: UInt64?
    public var expiration: UInt64?

    /// `i=` of an ARC-Message-Signature: its instance (RFC 8617 §4.2.1); nil for a DKIM-Signature.
    public var instance: Int?

    /// `arcMessageSignature`: the tags of an ARC-Message-Signature (RFC 8617 §4.1.2), a DKIM signature without
    /// `v=` whose `i=` is the instance; From need not be signed.
    public init(_ tags: DKIMTagList, arcMessageSignature: Bool = false) throws(DKIMSignatureError) {
        func required(_ name: String) throws(DKIMSignatureError) -> String {
            guard let value = tags[name] else { throw .missingTag(name) }
            return value
        }
        if !arcMessageSignature {
            let version = try required("v")
            guard version == "1" else { throw .unsupportedVersion(version) }
        }
        let algorithmName = try required("a")
        guard let algorithm = DKIMAlgorithm(rawValue: algorithmName.lowercased()) else { throw .unknownAlgorithm(algorithmName) }
        self.algorithm = algorithm
        guard let signature = DKIMBase64.decode(try required("b")), !signature.isEmpty else { throw .invalidBase64("b") }
        self.signature = signature
        guard let bodyHash = DKIMBase64.decode(try required("bh")), !bodyHash.isEmpty else { throw .invalidBase64("bh") }
        self.bodyHash = bodyHash

        let domain = try required("d").lowercased()
        guard DKIMSigner.isDNSName(domain) else { throw .invalidDomain(domain) }
        self.domain = domain
        let selector = try required("s").lowercased()
        guard DKIMSigner.isDNSName(selector) else { throw .invalidSelector(selector) }
        self.selector = selector

        signedHeaders = try required("h").split(separator: ":", omittingEmptySubsequences: false).map { name in
            String(decoding: DKIMTagList.trimmed(ArraySlice(name.utf8)), as: UTF8.self).lowercased()
        }
        guard !signedHeaders.contains(where: \.isEmpty) else { throw .emptyHeaderName }
        // RFC 6376 §5.4: From must be signed; a signature that does not is not one a verifier may accept.
        guard arcMessageSignature || signedHeaders.contains("from") else { throw .fromNotSigned }
        // RFC 8617 §4.1.2: an ARC-Message-Signature never signs ARC-Seal fields.
        guard !arcMessageSignature || !signedHeaders.contains("arc-seal") else { throw .arcSealSigned }

        (headerCanonicalization, bodyCanonicalization) = try Self.canonicalization(tags["c"])

        if arcMessageSignature {
            instance = try Self.instance(try required("i"))
            identity = "@" + domain
        } else if let identity = tags["i"] {
            // i= is [local-part] "@" domain, the domain d= or one of its subdomains.
            guard let at = identity.lastIndex(of: "@") else { throw .identityOutsideDomain(identity: identity, domain: domain) }
            let identityDomain = identity[identity.index(after: at)...].lowercased()
            guard identityDomain == domain || identityDomain.hasSuffix("." + domain) else {
                throw .identityOutsideDomain(identity: identity, domain: domain)
            }
            self.identity = identity
        } else {
            identity = "@" + domain
        }

        if let query = tags["q"] {
            let methods = query.split(separator: ":").map { String(decoding: DKIMTagList.trimmed(ArraySlice($0.utf8)), as: UTF8.self) }
            guard methods.contains(where: { $0.lowercased() == "dns/txt" }) else { throw .unsupportedQueryMethod(query) }
        }
        bodyLength = try tags["l"].map { value throws(DKIMSignatureError) in try Self.number(value, tag: "l", maxDigits: 76) }
        timestamp = try tags["t"].map { value throws(DKIMSignatureError) in try Self.number(value, tag: "t", maxDigits: 76) }
        expiration = try tags["x"].map { value throws(DKIMSignatureError) in try Self.number(value, tag: "x", maxDigits: 76) }
        if let timestamp, let expiration, expiration < timestamp {
            throw .expiresBeforeTimestamp(timestamp: timestamp, expiration: expiration)
        }
    }

    /// An ARC instance number: 1 to 50 (RFC 8617 §4.2.1).
    static func instance(_ value: String) throws(DKIMSignatureError) -> Int {
        guard let number = Int(value), (1...50).contains(number), value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw .invalidNumber(tag: "i", value: value)
        }
        return number
    }

    /// The domain part of `i=`, lowercased.
    public var identityDomain: String {
        String(identity[identity.index(after: identity.lastIndex(of: "@")!)...]).lowercased()
    }

    /// Where the key is published: `<selector>._domainkey.<domain>`.
    public var keyName: String { "\(selector)._domainkey.\(domain)" }

    /// `c=`: simple/simple when absent, and the body simple when only the header's is named.
    private static func canonicalization(_ value: String?) throws(DKIMSignatureError) -> (DKIMCanonicalization, DKIMCanonicalization) {
        guard let value else { return (.simple, .simple) }
        let parts = value.lowercased().split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let header = DKIMCanonicalization(rawValue: String(parts[0])) else { throw .unknownCanonicalization(value) }
        guard parts.count == 2 else { return (header, .simple) }
        guard let body = DKIMCanonicalization(rawValue: String(parts[1])) else { throw .unknownCanonicalization(value) }
        return (header, body)
    }

    /// A decimal number of 1 to `maxDigits` digits; one that does not fit 64 bits is `UInt64.max`.
    private static func number(_ value: String, tag: String, maxDigits: Int) throws(DKIMSignatureError) -> UInt64 {
        let digits = value.utf8
        guard !digits.isEmpty, digits.count <= maxDigits, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw .invalidNumber(tag: tag, value: value)
        }
        var result: UInt64 = 0
        for digit in digits {
            let (times10, overflow1) = result.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit - 0x30))
            if overflow1 || overflow2 { return .max }
            result = sum
        }
        return result
    }
}
