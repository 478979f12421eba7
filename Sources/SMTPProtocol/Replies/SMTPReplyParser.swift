import NIOCore

/// Incremental parser for server replies (the client's input), bounded like the server's framer.
///
/// An enhanced status code is split off the text only when its class matches the reply code, so text
/// such as "250 1.2.3.4 accepted" from a server without ENHANCEDSTATUSCODES stays text.
public struct SMTPReplyParser: Sendable {
    public var maximumLineLength: Int
    public var maximumLines: Int
    private var code: Int?
    private var enhanced: EnhancedStatusCode?
    private var lines: [String] = []

    public init(maximumLineLength: Int = 2048, maximumLines: Int = 100) {
        self.maximumLineLength = maximumLineLength
        self.maximumLines = maximumLines
    }

    /// The next complete reply in `buffer`, nil when more input is needed.
    public mutating func next(from buffer: inout ByteBuffer) throws(Error) -> SMTPReply? {
        while true {
            let view = buffer.readableBytesView
            guard let lf = view.firstIndex(of: UInt8(ascii: "\n")) else {
                if buffer.readableBytes > self.maximumLineLength { throw .lineTooLong }
                return nil
            }
            let length = lf - view.startIndex + 1
            guard length <= self.maximumLineLength else { throw .lineTooLong }
            var line = Array(view[view.startIndex..<lf])
            buffer.moveReaderIndex(forwardBy: length)
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            guard line.count >= 3, line[0...2].allSatisfy(ASCII.isDigit),
                let code = Int(String(decoding: line[0...2], as: UTF8.self)), (200..<600).contains(code)
            else { throw .malformedLine }
            let separator: UInt8? = line.count > 3 ? line[3] : nil
            guard separator == nil || separator == UInt8(ascii: " ") || separator == UInt8(ascii: "-") else {
                throw .malformedLine
            }
            if let previous = self.code, previous != code { throw .inconsistentCode }
            self.code = code
            var text = line.count > 4 ? String(decoding: line[4...], as: UTF8.self) : ""
            if let space = text.firstIndex(of: " ") ?? (text.isEmpty ? nil : text.endIndex),
                let enhanced = EnhancedStatusCode(parsing: text[..<space]),
                Int(enhanced.statusClass) == code / 100
            {
                self.enhanced = self.enhanced ?? enhanced
                text = String(text[space...].drop(while: { $0 == " " }))
            }
            self.lines.append(text)
            guard self.lines.count <= self.maximumLines else { throw .tooManyLines }
            if separator != UInt8(ascii: "-") {
                let reply = SMTPReply(code: code, enhancedCode: self.enhanced, lines: self.lines)
                self.code = nil
                self.enhanced = nil
                self.lines = []
                return reply
            }
        }
    }
}
