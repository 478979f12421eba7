/// An attachment's `type/subtype; parameter=value…` as given in a send request, checked and rewritten in
/// canonical form: type and subtype lowercased, each parameter value a token or a quoted string. A `name`
/// parameter is dropped (the builder writes its own from the filename). multipart/* and message/* are
/// refused: RFC 2046 forbids base64 on them, and attachments are always sent base64.
struct AttachmentContentType {
    var mediaType: String
    var parameters: [(name: String, value: String)]

    init?(_ text: String) {
        // Bounded so that the longest parameter still fits a line.
        guard text.utf8.count <= 900 else { return nil }
        let bytes = Array(text.utf8)
        var index = 0
        func skipBlanks() {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        }
        func token() -> String? {
            let start = index
            while index < bytes.count, MailSyntax.isTokenCharacter(bytes[index]) { index += 1 }
            return index > start ? String(decoding: bytes[start..<index], as: UTF8.self) : nil
        }

        skipBlanks()
        guard let type = token(), index < bytes.count, bytes[index] == UInt8(ascii: "/") else { return nil }
        index += 1
        guard let subtype = token() else { return nil }
        mediaType = type.lowercased() + "/" + subtype.lowercased()
        if type.lowercased() == "multipart" || type.lowercased() == "message" { return nil }
        parameters = []
        skipBlanks()
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: ";") else { return nil }
            index += 1
            skipBlanks()
            if index == bytes.count { break }
            guard let name = token(), index < bytes.count, bytes[index] == UInt8(ascii: "=") else { return nil }
            index += 1
            var value: String
            if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
                index += 1
                var raw: [UInt8] = []
                var closed = false
                while index < bytes.count {
                    let byte = bytes[index]
                    index += 1
                    if byte == UInt8(ascii: "\"") {
                        closed = true
                        break
                    }
                    if byte == UInt8(ascii: "\\"), index < bytes.count {
                        raw.append(bytes[index])
                        index += 1
                        continue
                    }
                    raw.append(byte)
                }
                guard closed, raw.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return nil }
                value = String(decoding: raw, as: UTF8.self)
            } else {
                guard let plain = token() else { return nil }
                value = plain
            }
            skipBlanks()
            let lowered = name.lowercased()
            if lowered != "name" { parameters.append((lowered, value)) }
        }
    }

    /// The header words: `type/subtype;` then one word per parameter, each a fold point.
    var words: [FoldedField.Word] {
        var words = [FoldedField.Word(blank: " ", text: mediaType)]
        for parameter in parameters {
            words[words.count - 1].text += ";"
            words.append(FoldedField.Word(blank: " ", text: parameter.name + "=" + Self.quotedIfNeeded(parameter.value)))
        }
        return words
    }

    static func quotedIfNeeded(_ value: String) -> String {
        if MailSyntax.isToken(Substring(value)) { return value }
        var text = "\""
        for scalar in value.unicodeScalars {
            if scalar == "\"" || scalar == "\\" { text += "\\" }
            text.unicodeScalars.append(scalar)
        }
        return text + "\""
    }
}
