/// Parses `value; name=value; ...` (RFC 2045 §5.1) with RFC 2231 extended parameters. One pass over the text to
/// split parameters (so a megabyte of `;` costs a megabyte of steps), then one assembly of continuations.
enum ParameterParser {
    /// Continuation sections beyond this index are ignored: nobody needs more, and it bounds the sort.
    static let maxSection = 1000

    private struct Section {
        var index: Int
        var extended: Bool
        var value: String
    }

    static func parse(_ text: String) -> ParameterizedValue {
        let bytes = Array(text.utf8)
        let count = bytes.count
        var i = 0
        while i < count, bytes[i] != UInt8(ascii: ";") { i += 1 }
        let main = stripComments(String(decoding: bytes[0..<i], as: UTF8.self)).trimmingLWSP()

        var plain: [String: String] = [:]
        var sections: [String: [Section]] = [:]
        var order: [String] = []

        while i < count {
            // Skip separators and blanks.
            while i < count, bytes[i] == UInt8(ascii: ";") || bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0D || bytes[i] == 0x0A { i += 1 }
            guard i < count else { break }
            let nameStart = i
            while i < count, bytes[i] != UInt8(ascii: "="), bytes[i] != UInt8(ascii: ";") { i += 1 }
            guard i < count, bytes[i] == UInt8(ascii: "=") else { continue }
            let rawName = stripComments(String(decoding: bytes[nameStart..<i], as: UTF8.self)).trimmingLWSP().lowercased()
            i += 1
            while i < count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0D || bytes[i] == 0x0A { i += 1 }
            var value: String
            if i < count, bytes[i] == UInt8(ascii: "\"") {
                var collected: [UInt8] = []
                i += 1
                while i < count, bytes[i] != UInt8(ascii: "\"") {
                    // A backslash escapes the next character; a Windows path's lone backslashes before an ordinary
                    // letter are kept, as clients do.
                    if bytes[i] == UInt8(ascii: "\\"), i + 1 < count, bytes[i + 1] == UInt8(ascii: "\"") || bytes[i + 1] == UInt8(ascii: "\\") {
                        i += 1
                    }
                    if bytes[i] != 0x0D && bytes[i] != 0x0A { collected.append(bytes[i]) }
                    i += 1
                }
                i += 1
                value = String(decoding: collected, as: UTF8.self)
                while i < count, bytes[i] != UInt8(ascii: ";") { i += 1 }
            } else {
                let valueStart = i
                while i < count, bytes[i] != UInt8(ascii: ";") { i += 1 }
                value = stripComments(String(decoding: bytes[valueStart..<i], as: UTF8.self)).trimmingLWSP()
            }
            guard !rawName.isEmpty else { continue }
            if let star = rawName.firstIndex(of: "*") {
                let base = String(rawName[..<star])
                var rest = rawName[rawName.index(after: star)...]
                let extended = rest.hasSuffix("*") || rest.isEmpty
                if rest.hasSuffix("*") { rest = rest.dropLast() }
                let index = rest.isEmpty ? 0 : Int(rest)
                guard let index, index >= 0, index <= maxSection else { continue }
                if sections[base] == nil { order.append(base) }
                sections[base, default: []].append(Section(index: index, extended: extended, value: value))
            } else if plain[rawName] == nil {
                plain[rawName] = value
                order.append(rawName)
            }
        }

        var parameters: [String: String] = [:]
        for name in order where parameters[name] == nil {
            if let parts = sections[name] {
                parameters[name] = assemble(parts)
            } else if let value = plain[name] {
                parameters[name] = EncodedWordDecoder.decode(value)
            }
        }
        return ParameterizedValue(value: main, parameters: parameters)
    }

    private static func assemble(_ unsorted: [Section]) -> String {
        var seen = Set<Int>()
        let parts = unsorted.sorted { $0.index < $1.index }.filter { seen.insert($0.index).inserted }
        var charset: String?
        var bytes: [UInt8] = []
        for (offset, part) in parts.enumerated() {
            var value = Substring(part.value)
            if part.extended {
                if offset == 0 {
                    let pieces = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                    if pieces.count == 3 {
                        charset = String(pieces[0])
                        value = pieces[2]
                    }
                }
                bytes.append(contentsOf: percentDecode(value.utf8))
            } else {
                bytes.append(contentsOf: value.utf8)
            }
        }
        let decoded = CharsetDecoder.decode(bytes, charset: charset?.isEmpty == false ? charset : nil)
        // Encoded words in plain continuations (`filename*0="=?utf-8?…"`) are a known client habit; an extended
        // value is already decoded text, in which `=?…?=` is literal (as Python reads it).
        return parts.contains(where: \.extended) ? decoded : EncodedWordDecoder.decode(decoded)
    }

    static func percentDecode<C: Collection>(_ input: C) -> [UInt8] where C.Element == UInt8 {
        let bytes = Array(input)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.count,
                let high = QuotedPrintable.hexValue(bytes[i + 1]), let low = QuotedPrintable.hexValue(bytes[i + 2])
            {
                out.append(high << 4 | low)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }

    private static func stripComments(_ text: String) -> String {
        guard text.contains("(") else { return text }
        var out = ""
        var depth = 0
        for scalar in text.unicodeScalars {
            if scalar == "(" { depth += 1; continue }
            if scalar == ")", depth > 0 { depth -= 1; continue }
            if depth == 0 { out.unicodeScalars.append(scalar) }
        }
        return out
    }
}
