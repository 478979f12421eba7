import NIOCore

/// A (possibly multi-line) SMTP reply.
///
/// Text is sanitised at construction so that nothing echoed from a client (an address, a HELO name) can
/// inject a line break and forge a second reply.
public struct SMTPReply: Hashable, Sendable, CustomStringConvertible {
    /// RFC 5321 4.5.3.1.5: a reply line is at most 512 octets including the CRLF.
    public static let maximumLineLength = 512

    public var code: Int
    /// Not used on the greeting and the EHLO response (RFC 2034 section 3).
    public var enhancedCode: EnhancedStatusCode?
    public private(set) var lines: [String]

    public init(code: Int, enhancedCode: EnhancedStatusCode? = nil, lines: [String]) {
        precondition((200..<600).contains(code), "SMTP reply codes are three digits, 2xx to 5xx")
        self.code = code
        self.enhancedCode = enhancedCode
        let prefixLength = 4 + (enhancedCode.map { $0.description.utf8.count + 1 } ?? 0) + 2
        let budget = Self.maximumLineLength - prefixLength
        self.lines = (lines.isEmpty ? [""] : lines).map { Self.sanitised($0, budget: budget) }
    }

    public init(code: Int, enhancedCode: EnhancedStatusCode? = nil, _ text: String) {
        self.init(code: code, enhancedCode: enhancedCode, lines: [text])
    }

    public init(_ code: Int, _ enhanced: String, _ text: String) {
        guard let enhancedCode = EnhancedStatusCode(parsing: enhanced) else {
            preconditionFailure("invalid enhanced status code \(enhanced)")
        }
        self.init(code: code, enhancedCode: enhancedCode, lines: [text])
    }

    public var isPositive: Bool { self.code < 400 }
    public var isTransientFailure: Bool { (400..<500).contains(self.code) }
    public var isPermanentFailure: Bool { self.code >= 500 }

    /// Writes every line with `-` continuation markers except the last, which uses a space (RFC 5321 4.2.1).
    public func write(to buffer: inout ByteBuffer) {
        let enhanced = self.enhancedCode.map { $0.description + " " } ?? ""
        for (index, line) in self.lines.enumerated() {
            buffer.writeString(String(self.code))
            buffer.writeInteger(index == self.lines.count - 1 ? UInt8(ascii: " ") : UInt8(ascii: "-"))
            buffer.writeString(enhanced)
            buffer.writeString(line)
            buffer.writeStaticString("\r\n")
        }
    }

    public func encoded() -> ByteBuffer {
        var buffer = ByteBuffer()
        self.write(to: &buffer)
        return buffer
    }

    public var description: String {
        String(buffer: self.encoded())
    }

    private static func sanitised(_ text: String, budget: Int) -> String {
        var scalars = String.UnicodeScalarView()
        var length = 0
        for scalar in text.unicodeScalars {
            let replacement: Unicode.Scalar = (scalar.value < 0x20 || scalar.value == 0x7F) ? " " : scalar
            length += String(replacement).utf8.count
            if length > budget { break }
            scalars.append(replacement)
        }
        return String(scalars)
    }
}
