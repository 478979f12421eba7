import Foundation

/// The character classes and small grammars of RFC 5321/5322/2045 the builder checks untrusted text against.
enum MailSyntax {
    /// C0 controls except TAB, and DEL: what could end a header line or smuggle one in.
    static func isForbiddenControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\t") || scalar.value == 0x7F
    }

    static func containsForbiddenControl(_ text: String) -> Bool {
        text.unicodeScalars.contains(where: isForbiddenControl)
    }

    /// RFC 5322 `atext`.
    static func isAtext(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-/=?^_`{|}~".utf8.contains(byte)
        }
    }

    /// RFC 2045 `token` characters: printable ASCII except tspecials.
    static func isTokenCharacter(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte < 0x7F && !"()<>@,;:\\\"/[]?=".utf8.contains(byte)
    }

    static func isToken(_ text: Substring) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy(isTokenCharacter)
    }

    /// `dot-atom-text`: atext runs joined by single dots.
    static func isDotAtom(_ text: Substring) -> Bool {
        guard !text.isEmpty, text.first != ".", text.last != "." else { return false }
        var previousDot = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: ".") {
                if previousDot { return false }
                previousDot = true
            } else {
                guard isAtext(byte) else { return false }
                previousDot = false
            }
        }
        return true
    }

    enum MailboxCheck {
        case valid
        case invalid
        case international
    }

    /// An RFC 5321 `Mailbox` as this gateway relays it: a dot-atom local part of at most 64 octets (quoted local
    /// parts are refused: they are rare, and mostly a sign of a mistake), and a host name or an address literal.
    /// Non-ASCII anywhere would need SMTPUTF8 (local part) or IDNA (domain), which the relay does not do.
    static func checkMailbox(_ address: String) -> MailboxCheck {
        guard address.utf8.count <= 254 else { return .invalid }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return .invalid }
        let local = parts[0], domain = parts[1]
        if !local.utf8.allSatisfy({ $0 < 0x80 }) || !domain.utf8.allSatisfy({ $0 < 0x80 }) {
            if address.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) { return .invalid }
            return .international
        }
        guard local.utf8.count <= 64, isDotAtom(local), isDomain(domain) else { return .invalid }
        return .valid
    }

    /// A host name of LDH labels (RFC 5321 `Domain`), or an address literal `[…]`.
    static func isDomain(_ domain: Substring) -> Bool {
        if domain.first == "[" {
            guard domain.last == "]", domain.count > 2 else { return false }
            return domain.dropFirst().dropLast().utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "[") && $0 != UInt8(ascii: "]") && $0 != UInt8(ascii: "\\") }
        }
        guard !domain.isEmpty, domain.utf8.count <= 253 else { return false }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        return labels.allSatisfy { label in
            guard !label.isEmpty, label.utf8.count <= 63, label.first != "-", label.last != "-" else { return false }
            return label.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"):
                    return true
                default:
                    return false
                }
            }
        }
    }

    /// RFC 5322 `msg-id` without the angle brackets: `dot-atom-text "@" (dot-atom-text / no-fold-literal)`.
    static func isMessageID(_ id: String) -> Bool {
        guard id.utf8.count <= 250 else { return false }
        let parts = id.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, isDotAtom(parts[0]) else { return false }
        let right = parts[1]
        if right.first == "[" {
            return right.last == "]" && right.count > 2
                && right.dropFirst().dropLast().utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "[") && $0 != UInt8(ascii: "]") && $0 != UInt8(ascii: "\\") }
        }
        return isDotAtom(right)
    }

    /// A Content-ID as mail clients write it: RFC 2392 asks for a msg-id, but bare tokens (`logo`,
    /// `image001.png@01D9…`) are common and every client resolves them, so any printable ASCII without blanks,
    /// brackets, quotes or backslashes is accepted.
    static func isContentID(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 250
            && id.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && !"<>\"\\()[],;:".utf8.contains($0) }
    }

    /// RFC 5322 `field-name`: printable ASCII except the colon. At most 76 octets, so that the name, its colon
    /// and a blank fit the 78-octet line.
    static func isFieldName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 76 && name.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ":") }
    }

    /// RFC 6901 escaping of one JSON-pointer segment.
    static func pointerSegment(_ name: String) -> String {
        name.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}
