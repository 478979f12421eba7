import Foundation
@testable import MIME

extension MessageBuilder {
    /// Built with seeded boundaries, for reproducible bytes.
    func build(_ draft: MessageDraft, seed: UInt64) throws(MessageBuildError) -> [UInt8] {
        var generator = SplitMix64(seed: seed)
        return try build(draft, using: &generator)
    }

    /// Lines of the message without their CRLF; records nothing, callers check.
    static func lines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x0A {
                let end = index > start && bytes[index - 1] == 0x0D ? index - 1 : index
                lines.append(bytes[start..<end])
                start = index + 1
            }
            index += 1
        }
        if start < bytes.count { lines.append(bytes[start...]) }
        return lines
    }

    /// Every line ending problem and overlong line in `bytes`, described; empty when the bytes are well formed.
    static func lineProblems(_ bytes: [UInt8]) -> [String] {
        var problems: [String] = []
        var lineLength = 0
        var lineNumber = 1
        for (index, byte) in bytes.enumerated() {
            if byte == 0x0D {
                if index + 1 >= bytes.count || bytes[index + 1] != 0x0A { problems.append("bare CR on line \(lineNumber)") }
            } else if byte == 0x0A {
                if index == 0 || bytes[index - 1] != 0x0D { problems.append("bare LF on line \(lineNumber)") }
                lineLength = 0
                lineNumber += 1
            } else {
                lineLength += 1
                if lineLength == 999 { problems.append("line \(lineNumber) over 998 octets") }
            }
        }
        if bytes.last != 0x0A { problems.append("no final CRLF") }
        return problems
    }

    /// Header lines (of the message and of every part) longer than 78 octets that could have been folded: a
    /// line may only be longer when what follows its field name or leading blank is one unbreakable word.
    static func foldableLongHeaderLines(_ bytes: [UInt8]) -> [String] {
        let parsed = MessageParser().parse(bytes)
        let delimiters = Set(parsed.parts.compactMap { $0.contentType[parameter: "boundary"] }.map { Array(("--" + $0).utf8) })
        var problems: [String] = []
        var inHeader = true
        for line in lines(bytes) {
            if line.isEmpty {
                inHeader = false
                continue
            }
            if delimiters.contains(Array(line)) {
                inHeader = true
                continue
            }
            guard inHeader, line.count > 78 else { continue }
            var text = Substring(String(decoding: line, as: UTF8.self))
            if text.first == " " || text.first == "\t" {
                text = text.drop { $0 == " " || $0 == "\t" }
            } else if let colon = text.firstIndex(of: ":") {
                text = text[text.index(after: colon)...].drop { $0 == " " }
            }
            if text.contains(" ") || text.contains("\t") { problems.append(String(decoding: line, as: UTF8.self)) }
        }
        return problems
    }

    /// The header block (up to the first empty line) unfolded into (name, raw value) pairs.
    static func headerFields(_ bytes: [UInt8]) -> [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = []
        for line in lines(bytes) {
            if line.isEmpty { break }
            let text = String(decoding: line, as: UTF8.self)
            if text.first == " " || text.first == "\t", !fields.isEmpty {
                fields[fields.count - 1].value += text
            } else if let colon = text.firstIndex(of: ":") {
                fields.append((String(text[..<colon]), String(text[text.index(after: colon)...])))
            }
        }
        return fields
    }
}
