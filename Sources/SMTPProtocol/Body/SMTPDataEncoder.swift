import NIOCore

/// The client side of DATA: dot-stuffs a message and turns every bare CR or LF into CRLF, so that a
/// message relayed through Mailgate can never carry a smuggling sequence to the next hop.
public struct SMTPDataEncoder: Sendable {
    private var atLineStart = true
    private var pendingCR = false

    public init() {}

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
                    if self.atLineStart && byte == UInt8(ascii: ".") { output.writeInteger(UInt8(ascii: ".")) }
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
        if self.pendingCR || !self.atLineStart {
            output.writeStaticString("\r\n")
        }
        self.pendingCR = false
        self.atLineStart = true
        output.writeStaticString(".\r\n")
    }
}
