import NIOCore

/// The client side of DATA: dot-stuffs a message and turns every bare CR or LF into CRLF, so that a
/// message relayed through Mailgate can never carry a smuggling sequence to the next hop. For BDAT (which
/// is length-delimited) `dotStuffing` is off and only line endings are made CRLF, for the same reason.
public struct SMTPDataEncoder: Sendable {
    private var atLineStart = true
    private var pendingCR = false
    private let dotStuffing: Bool

    public init(dotStuffing: Bool = true) {
        self.dotStuffing = dotStuffing
    }

    public mutating func encode(_ chunk: ByteBuffer, into output: inout ByteBuffer) {
        output.reserveCapacity(minimumWritableBytes: chunk.readableBytes + 16)
        let cr = UInt8(ascii: "\r")
        let lf = UInt8(ascii: "\n")
        chunk.withUnsafeReadableBytes { bytes in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if self.pendingCR {
                    self.pendingCR = false
                    output.writeStaticString("\r\n")
                    self.atLineStart = true
                    if byte == lf {
                        index += 1
                        continue
                    }
                }
                if byte == cr {
                    self.pendingCR = true
                    index += 1
                } else if byte == lf {
                    output.writeStaticString("\r\n")
                    self.atLineStart = true
                    index += 1
                } else {
                    if self.dotStuffing && self.atLineStart && byte == UInt8(ascii: ".") { output.writeInteger(UInt8(ascii: ".")) }
                    var runEnd = index + 1
                    while runEnd < bytes.count, bytes[runEnd] != cr, bytes[runEnd] != lf { runEnd += 1 }
                    output.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[index..<runEnd]))
                    self.atLineStart = false
                    index = runEnd
                }
            }
        }
    }

    /// Ends the last line if needed and writes the terminating "." CRLF.
    public mutating func finish(into output: inout ByteBuffer) {
        self.endLine(into: &output)
        output.writeStaticString(".\r\n")
    }

    /// Ends the last line with CRLF if it has not ended (BDAT: the body's last bytes before `LAST`).
    public mutating func endLine(into output: inout ByteBuffer) {
        if self.pendingCR || !self.atLineStart {
            output.writeStaticString("\r\n")
        }
        self.pendingCR = false
        self.atLineStart = true
    }
}
