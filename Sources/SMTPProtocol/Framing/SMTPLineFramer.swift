import NIOCore

/// Splits command-mode input into lines without ever holding more than one line limit of it.
///
/// A line over the limit is skipped to its LF and reported once, when it ends, so that the reply to it
/// lines up with the client's pipeline.
public struct SMTPLineFramer: Sendable {
    /// Limit in octets including CRLF (RFC 5321 4.5.3.1.4: 512).
    public var commandLineLimit: Int
    /// RFC 4954 4 raises the limit for AUTH command lines and SASL responses to 12288 octets.
    public var authLineLimit: Int
    private var isDiscarding = false

    public init(commandLineLimit: Int = 512, authLineLimit: Int = 12288) {
        self.commandLineLimit = commandLineLimit
        self.authLineLimit = max(authLineLimit, commandLineLimit)
    }

    /// Takes the next line from `buffer`, or nil when it holds no complete one yet.
    /// `inAuthExchange` applies the SASL limit to every line, not just to lines starting with `AUTH `.
    public mutating func nextLine(from buffer: inout ByteBuffer, inAuthExchange: Bool = false) -> SMTPCommandLine? {
        let view = buffer.readableBytesView
        let limit = (inAuthExchange || Self.startsWithAuth(view)) ? self.authLineLimit : self.commandLineLimit
        guard let lf = view.firstIndex(of: UInt8(ascii: "\n")) else {
            if self.isDiscarding || buffer.readableBytes > limit {
                // Keep nothing of the oversized line; its end is all that matters now.
                self.isDiscarding = true
                buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
            }
            return nil
        }
        let lineLength = lf - view.startIndex + 1
        defer { buffer.moveReaderIndex(forwardBy: lineLength) }
        if self.isDiscarding {
            self.isDiscarding = false
            return .tooLong
        }
        let hasCR = lf > view.startIndex && view[lf - 1] == UInt8(ascii: "\r")
        let contentLength = lineLength - (hasCR ? 2 : 1)
        guard contentLength + 2 <= limit else { return .tooLong }
        return .line(buffer.getSlice(at: buffer.readerIndex, length: contentLength)!, bareLF: !hasCR)
    }

    private static func startsWithAuth(_ view: ByteBufferView) -> Bool {
        guard view.count >= 5 else { return false }
        let start = view.startIndex
        return (view[start] | 0x20) == UInt8(ascii: "a") && (view[start + 1] | 0x20) == UInt8(ascii: "u")
            && (view[start + 2] | 0x20) == UInt8(ascii: "t") && (view[start + 3] | 0x20) == UInt8(ascii: "h")
            && view[start + 4] == UInt8(ascii: " ")
    }
}
