/// Byte classes of the RFC 5321 / 6531 grammar.
enum ASCII {
    static func lowercased(_ byte: UInt8) -> UInt8 {
        (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) ? byte | 0x20 : byte
    }

    static func isAlpha(_ byte: UInt8) -> Bool {
        let lower = byte | 0x20
        return lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    static func isAlphaNumeric(_ byte: UInt8) -> Bool { Self.isAlpha(byte) || Self.isDigit(byte) }

    /// RFC 6531 UTF8-non-ascii: only its bytes are classified here; whole-string UTF-8 validity is
    /// checked once a token is complete.
    static func isNonASCII(_ byte: UInt8) -> Bool { byte >= 0x80 }

    /// RFC 5322 atext, widened by RFC 6531 to UTF-8.
    static func isAtext(_ byte: UInt8) -> Bool {
        if Self.isAlphaNumeric(byte) || Self.isNonASCII(byte) { return true }
        switch byte {
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
            UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "/"),
            UInt8(ascii: "="), UInt8(ascii: "?"), UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"),
            UInt8(ascii: "{"), UInt8(ascii: "|"), UInt8(ascii: "}"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// RFC 5321 qtextSMTP (%d32-33 / %d35-91 / %d93-126) plus UTF-8.
    static func isQtextSMTP(_ byte: UInt8) -> Bool {
        (byte >= 32 && byte <= 126 && byte != 34 && byte != 92) || Self.isNonASCII(byte)
    }

    /// RFC 5321 dcontent of a general address literal.
    static func isDcontent(_ byte: UInt8) -> Bool { (byte >= 33 && byte <= 90) || (byte >= 94 && byte <= 126) }

    /// RFC 5321 esmtp-keyword tail characters.
    static func isKeywordCharacter(_ byte: UInt8) -> Bool { Self.isAlphaNumeric(byte) || byte == UInt8(ascii: "-") }

    /// RFC 5321 esmtp-value (%d33-60 / %d62-126), widened by RFC 6531 to UTF-8.
    static func isEsmtpValueCharacter(_ byte: UInt8) -> Bool {
        (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) || Self.isNonASCII(byte)
    }

    /// Printable text for HELO names, VRFY/HELP/NOOP arguments: no controls.
    static func isPrintableText(_ byte: UInt8) -> Bool { (byte >= 32 && byte != 127) }
}
