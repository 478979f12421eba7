import DKIM
import Foundation
import MIME
import Webhooks

/// The gateway's DKIM keys, chosen by the `From:` domain: a key for that domain or for a parent domain signs,
/// the most specific winning (a key for `mail.example.com` signs `news.mail.example.com` rather than the key for
/// `example.com`). A message whose `From:` domain has no key goes out unsigned. Pure: no I/O.
public struct DKIMSignerSet: Sendable {
    private let byDomain: [String: DKIMSigner]

    /// One signer per domain; the configuration refuses a domain given twice, so the first one is kept here.
    public init(_ signers: [DKIMSigner] = []) {
        var byDomain: [String: DKIMSigner] = [:]
        for signer in signers where byDomain[signer.domain] == nil { byDomain[signer.domain] = signer }
        self.byDomain = byDomain
    }

    public var isEmpty: Bool { byDomain.isEmpty }

    /// The signer for the address's domain or its nearest parent that has one.
    public func signer(forAddress address: String) -> DKIMSigner? {
        guard let at = address.lastIndex(of: "@") else { return nil }
        var domain = address[address.index(after: at)...].lowercased()
        if domain.hasSuffix(".") { domain.removeLast() }
        while !domain.isEmpty {
            if let signer = byDomain[domain] { return signer }
            guard let dot = domain.firstIndex(of: ".") else { return nil }
            domain = String(domain[domain.index(after: dot)...])
        }
        return nil
    }

    /// `message` with a `DKIM-Signature` in front when its `From:` domain has a key, else unchanged. The
    /// signatures are deterministic (RSA PKCS#1 v1.5, Ed25519) for the same bytes and `now`, which is what lets
    /// relay-time signing and `GET /v1/messages/{id}/raw` agree.
    ///
    /// A message with 8-bit bodies is re-encoded to 7 bits before it is signed (RFC 6376 §5.3: signers SHOULD
    /// convert to a 7-bit transfer encoding first). The relay would otherwise re-encode it after signing for an
    /// upstream without 8BITMIME (`SMTPClientTransport`), and so would any later hop without it, breaking the
    /// body hash. Signing the 7-bit form is simpler than signing per upstream: which upstream takes the message
    /// is decided during the attempt, while the signed bytes must be the same for every attempt and for
    /// `GET /v1/messages/{id}/raw`. A message that cannot be re-encoded (8-bit bytes in a header) is signed as
    /// it is: only an SMTPUTF8 upstream can take it, and none re-encodes it.
    public func sign(_ message: [UInt8], now: Date) throws(DKIMError) -> [UInt8] {
        guard !byDomain.isEmpty, let from = Self.fromAddress(message), let signer = signer(forAddress: from) else {
            return message
        }
        guard case .downgraded(let sevenBit) = SevenBitDowngrader.downgrade(message) else {
            return try signer.signed(message, now: now)
        }
        return try signer.signed(sevenBit, now: now)
    }

    /// The first `From:` mailbox; only the header is parsed.
    static func fromAddress(_ message: [UInt8]) -> String? {
        let separator: [UInt8] = [0x0D, 0x0A, 0x0D, 0x0A]
        let headerEnd = message.indices.dropLast(3).first { message[$0..<($0 + 4)].elementsEqual(separator) }
        let header = Array(message[..<(headerEnd ?? message.endIndex)]) + separator
        return MessageParser(digester: WebhookBodyRenderer.digester).parse(header).header.from.first?.address
    }
}
