import Digests
import Foundation
import MIME

/// Signs outbound messages for one domain and selector (RFC 6376, RFC 8463): relaxed/relaxed canonicalization,
/// the body hash over the whole body, and the header fields a receiver shows or that shape the content signed,
/// From listed twice so that a second From added in transit breaks the signature. A field listed but absent is
/// signed as absent (RFC 6376 §5.4), so adding it later breaks the signature too.
public struct DKIMSigner: Sendable {
    public static let signedHeaders = ["from", "from", "to", "cc", "subject", "date", "message-id", "reply-to", "mime-version", "content-type"]

    public let domain: String
    public let selector: String
    public let algorithm: DKIMAlgorithm
    private let key: DKIMPrivateKey

    public init(domain: String, selector: String, privateKeyPEM: String, algorithm: DKIMAlgorithm) throws(DKIMError) {
        guard Self.isDNSName(domain) else { throw .invalidName(domain) }
        guard Self.isDNSName(selector) else { throw .invalidName(selector) }
        self.domain = domain.lowercased()
        self.selector = selector
        self.algorithm = algorithm
        key = try DKIMPrivateKey(pem: privateKeyPEM, algorithm: algorithm)
    }

    /// The complete `DKIM-Signature: …\r\n` field to put in front of `message` (CRLF line endings, as the
    /// builder writes them). `now` is the `t=` tag.
    public func sign(_ message: [UInt8], now: Date) throws(DKIMError) -> String {
        guard let split = MessageHeader.split(message) else { throw .malformedMessage("no empty line after the header") }
        let fields = MessageHeader.fields(message[..<split.headerEnd])
        guard fields.contains(where: { $0.name == "from" }) else { throw .malformedMessage("no From field") }

        let bodyHash = Base64.encode(SHA256Hasher.digest(RelaxedCanonicalizer.body(message[split.bodyStart...])))
        let timestamp = Int64(now.timeIntervalSince1970.rounded(.down))
        let tags = [
            "v=1", "a=\(algorithm.rawValue)", "c=relaxed/relaxed", "d=\(domain)", "s=\(selector)", "t=\(timestamp)",
            "h=" + Self.signedHeaders.joined(separator: ":"), "bh=\(bodyHash)", "b=",
        ]
        let unsigned = Self.fold(tags)

        var hashed: [UInt8] = []
        var used = Set<Int>()
        for name in Self.signedHeaders {
            // Each listing takes the next instance from the bottom (RFC 6376 §5.4.2).
            guard let index = fields.indices.last(where: { fields[$0].name == name && !used.contains($0) }) else { continue }
            used.insert(index)
            hashed += RelaxedCanonicalizer.header(fields[index].bytes)
        }
        var ownField = RelaxedCanonicalizer.header(ArraySlice(unsigned.utf8))
        ownField.removeLast(2)
        hashed += ownField

        let signature = Base64.encode(try key.sign(hashed))
        var text = unsigned
        var index = signature.startIndex
        var first = true
        // The signature continues the line `b=` is on, then folds (FWS inside b= is ignored by verifiers).
        let lastLine = unsigned.utf8.count - (unsigned.utf8.lastIndex(of: 0x0A).map { unsigned.utf8.distance(from: unsigned.utf8.startIndex, to: $0) + 1 } ?? 0)
        while index < signature.endIndex {
            let room = first ? max(8, 78 - lastLine) : 72
            let end = signature.index(index, offsetBy: room, limitedBy: signature.endIndex) ?? signature.endIndex
            text += (first ? "" : "\r\n\t") + signature[index..<end]
            first = false
            index = end
        }
        return text + "\r\n"
    }

    /// The message with its signature field in front: what is stored and relayed.
    public func signed(_ message: [UInt8], now: Date) throws(DKIMError) -> [UInt8] {
        Array(try sign(message, now: now).utf8) + message
    }

    /// `DKIM-Signature: tag; tag; …` folded before a tag when the line would pass 78 octets; no final CRLF.
    static func fold(_ tags: [String]) -> String {
        var text = "DKIM-Signature:"
        var lineLength = text.utf8.count
        for (offset, tag) in tags.enumerated() {
            let piece = tag + (offset == tags.count - 1 ? "" : ";")
            if lineLength + 1 + piece.utf8.count > 78 {
                text += "\r\n\t" + piece
                lineLength = 1 + piece.utf8.count
            } else {
                text += " " + piece
                lineLength += 1 + piece.utf8.count
            }
        }
        return text
    }

    static func isDNSName(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 253 else { return false }
        return name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            !label.isEmpty && label.utf8.count <= 63 && label.first != "-" && label.last != "-"
                && label.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || $0 == 0x2D || $0 == 0x5F }
        }
    }
}
