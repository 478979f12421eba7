/// RFC 5321 4.1.2 paths, widened to UTF-8 by RFC 6531; source routes are accepted and dropped
/// (RFC 5321 4.1.1.3 says servers SHOULD ignore them).
enum SMTPPathGrammar {
    /// RFC 5321 4.5.3.1: local part 64, domain 255, path 256 octets (the path limit counts the brackets).
    static let maximumLocalPartLength = 64
    static let maximumDomainLength = 255
    static let maximumPathLength = 256

    static func reversePath(_ cursor: inout GrammarCursor) -> SMTPReversePath? {
        let start = cursor.index
        guard cursor.consume(UInt8(ascii: "<")) else { return nil }
        if cursor.consume(UInt8(ascii: ">")) { return .null }
        cursor.index = start
        return Self.path(&cursor).map { .mailbox($0) }
    }

    static func forwardPath(_ cursor: inout GrammarCursor) -> SMTPForwardPath? {
        var probe = cursor
        if probe.consumeCaseInsensitive("<postmaster>") {
            cursor = probe
            return .postmaster
        }
        return Self.path(&cursor).map { .mailbox($0) }
    }

    static func path(_ cursor: inout GrammarCursor) -> SMTPMailbox? {
        let start = cursor.index
        guard cursor.consume(UInt8(ascii: "<")) else { return nil }
        if cursor.peek == UInt8(ascii: "@") {
            guard Self.sourceRoute(&cursor) else { return nil }
        }
        guard let mailbox = Self.mailbox(&cursor), cursor.consume(UInt8(ascii: ">")) else { return nil }
        // Counted without the dropped source route: that is the path that gets relayed.
        guard mailbox.localPart.utf8.count + 1 + mailbox.domain.utf8.count + 2 <= maximumPathLength,
            cursor.index > start
        else { return nil }
        return mailbox
    }

    /// `A-d-l ":"`: `@one,@two:`.
    private static func sourceRoute(_ cursor: inout GrammarCursor) -> Bool {
        repeat {
            guard cursor.consume(UInt8(ascii: "@")), Self.domain(&cursor) != nil else { return false }
        } while cursor.consume(UInt8(ascii: ","))
        return cursor.consume(UInt8(ascii: ":"))
    }

    static func mailbox(_ cursor: inout GrammarCursor) -> SMTPMailbox? {
        let localStart = cursor.index
        if cursor.peek == UInt8(ascii: "\"") {
            guard Self.quotedString(&cursor) else { return nil }
        } else {
            guard Self.dotString(&cursor) else { return nil }
        }
        let localBytes = cursor.bytes[localStart..<cursor.index]
        guard localBytes.count <= maximumLocalPartLength, cursor.consume(UInt8(ascii: "@")),
            let localPart = String(validating: localBytes, as: UTF8.self)
        else { return nil }
        let domain: String?
        if cursor.peek == UInt8(ascii: "[") {
            domain = Self.addressLiteral(&cursor)
        } else {
            domain = Self.domain(&cursor)
        }
        guard let domain else { return nil }
        return SMTPMailbox(localPart: localPart, domain: domain)
    }

    private static func dotString(_ cursor: inout GrammarCursor) -> Bool {
        repeat {
            guard !cursor.consume(while: ASCII.isAtext).isEmpty else { return false }
        } while cursor.consume(UInt8(ascii: "."))
        return true
    }

    private static func quotedString(_ cursor: inout GrammarCursor) -> Bool {
        guard cursor.consume(UInt8(ascii: "\"")) else { return false }
        while let byte = cursor.next() {
            switch byte {
            case UInt8(ascii: "\""):
                return true
            case UInt8(ascii: "\\"):
                guard let escaped = cursor.next(), escaped >= 32, escaped <= 126 else { return false }
            default:
                guard ASCII.isQtextSMTP(byte) else { return false }
            }
        }
        return false
    }

    /// `sub-domain *("." sub-domain)`; labels are `Let-dig [Ldh-str]` or U-labels.
    static func domain(_ cursor: inout GrammarCursor) -> String? {
        let start = cursor.index
        repeat {
            let label = cursor.consume(while: { ASCII.isKeywordCharacter($0) || ASCII.isNonASCII($0) })
            guard let first = label.first, let last = label.last, first != UInt8(ascii: "-"),
                last != UInt8(ascii: "-"), label.count <= 63
            else { return nil }
        } while cursor.consume(UInt8(ascii: "."))
        let bytes = cursor.bytes[start..<cursor.index]
        guard bytes.count <= maximumDomainLength else { return nil }
        return String(validating: bytes, as: UTF8.self)
    }

    /// `"[" ( IPv4 / "IPv6:" ... / tag ":" dcontent ) "]"`; the content is checked only for its character
    /// set, because Mailgate never connects to an address literal it receives.
    private static func addressLiteral(_ cursor: inout GrammarCursor) -> String? {
        let start = cursor.index
        guard cursor.consume(UInt8(ascii: "[")) else { return nil }
        let content = cursor.consume(while: { ASCII.isDcontent($0) })
        guard !content.isEmpty, cursor.consume(UInt8(ascii: "]")) else { return nil }
        return String(decoding: cursor.bytes[start..<cursor.index], as: UTF8.self)
    }
}
