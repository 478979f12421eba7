import Foundation

/// Address lists (RFC 5322 §3.4 with the obsolete forms of §4.4): `Name <a@b>`, bare `a@b (Name)`, quoted
/// display names and local parts, groups (flattened into their members, as mail clients show them), source
/// routes, encoded words in display names, and UTF-8 local parts and domains (RFC 6532).
enum AddressListParser {
    static func parse(_ text: String) -> [MailAddress] {
        let tokens = HeaderTokenizer.tokenize(text)
        var result: [MailAddress] = []
        var phrase: [HeaderToken] = []
        var angle: [HeaderToken]?
        var index = 0

        func finish() {
            defer {
                phrase.removeAll(keepingCapacity: true)
                angle = nil
            }
            if let angle {
                let address = addressText(angle)
                let name = displayName(phrase.filter { $0.kind != .comment })
                    ?? displayName(phrase.filter { $0.kind == .comment }.map { HeaderToken(kind: .atom, text: $0.text, spaceBefore: true) })
                if !address.isEmpty || name != nil { result.append(MailAddress(name: name, address: address)) }
                return
            }
            let words = phrase.filter { $0.kind != .comment }
            guard !words.isEmpty else { return }
            let address = addressText(words)
            let comments = phrase.filter { $0.kind == .comment }
            let name = comments.isEmpty ? nil : displayName(comments.suffix(1).map { HeaderToken(kind: .atom, text: $0.text, spaceBefore: true) })
            result.append(MailAddress(name: name, address: address))
        }

        while index < tokens.count {
            let token = tokens[index]
            index += 1
            switch token.kind {
            case .special(UInt8(ascii: "<")):
                var inner: [HeaderToken] = []
                while index < tokens.count, !tokens[index].isSpecial(UInt8(ascii: ">")) {
                    inner.append(tokens[index])
                    index += 1
                }
                index += 1
                // Obsolete source route "<@a,@b:user@c>": keep what follows the route.
                if let colon = inner.lastIndex(where: { $0.isSpecial(UInt8(ascii: ":")) }) {
                    inner = Array(inner[(colon + 1)...])
                }
                if angle == nil { angle = inner }
            case .special(UInt8(ascii: ",")):
                finish()
            case .special(UInt8(ascii: ";")):
                finish()
            case .special(UInt8(ascii: ":")) where angle == nil:
                // A group's display name: the members follow.
                phrase.removeAll(keepingCapacity: true)
            default:
                if angle == nil {
                    phrase.append(token)
                } else if token.kind == .comment {
                    phrase.append(token)
                }
            }
        }
        finish()
        return result
    }

    /// The display name: words joined as written (one space where the source had blanks), encoded words decoded,
    /// blanks collapsed.
    static func displayName(_ tokens: [HeaderToken]) -> String? {
        guard !tokens.isEmpty else { return nil }
        var raw: [UInt8] = []
        for (offset, token) in tokens.enumerated() {
            if offset > 0, token.spaceBefore { raw.append(0x20) }
            raw.append(contentsOf: token.text)
        }
        let decoded = EncodedWordDecoder.decode(String(decoding: raw, as: UTF8.self))
        var collapsed = ""
        var lastWasSpace = true
        for scalar in decoded.unicodeScalars {
            if String.isLWSP(scalar) {
                if !lastWasSpace { collapsed.unicodeScalars.append(" ") }
                lastWasSpace = true
            } else {
                collapsed.unicodeScalars.append(scalar)
                lastWasSpace = false
            }
        }
        if collapsed.hasSuffix(" ") { collapsed.removeLast() }
        return collapsed.isEmpty ? nil : collapsed
    }

    /// `local@domain` from the tokens of an addr-spec, comments and blanks dropped.
    static func addressText(_ tokens: [HeaderToken]) -> String {
        let words = tokens.filter { $0.kind != .comment }
        guard let at = words.lastIndex(where: { $0.isSpecial(UInt8(ascii: "@")) }) else {
            return String(decoding: words.flatMap(\.text), as: UTF8.self)
        }
        var localBytes: [UInt8] = []
        var quoted = false
        for token in words[..<at] {
            if token.kind == .quotedString { quoted = true }
            localBytes.append(contentsOf: token.text)
        }
        var local = String(decoding: localBytes, as: UTF8.self)
        if quoted, local.utf8.contains(where: needsQuoting) || local.isEmpty {
            local = "\"" + local.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        var domain = ""
        for token in words[(at + 1)...] {
            if token.kind == .domainLiteral {
                domain += "[" + String(decoding: token.text, as: UTF8.self) + "]"
            } else {
                domain += String(decoding: token.text, as: UTF8.self)
            }
        }
        return local + "@" + domain
    }

    private static func needsQuoting(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || HeaderTokenizer.isSpecial(byte)
    }
}
