import NIOCore

/// Streams the body of a DATA command: removes dot-stuffing, finds the end ONLY at CRLF "." CRLF, applies
/// the bare CR/LF policy, the line limit and the size limit, and hands the message on in bounded chunks.
///
/// The decoder state carries across input boundaries byte by byte, so how the client (or an attacker)
/// splits its TCP segments cannot change where the message ends.
public struct SMTPDataDecoder: Sendable {
    public let limits: Limits
    public let bareLineEndingPolicy: SMTPBareLineEndingPolicy
    private var state = ScanState.lineStart(clean: true)
    private var lineLength = 0
    public private(set) var messageSize: UInt64 = 0
    public private(set) var failure: SMTPMessageFailure?
    private var failureReported = false
    private var ended = false
    private var endReported = false
    private var output = ByteBuffer()

    public init(limits: Limits = Limits(), bareLineEndingPolicy: SMTPBareLineEndingPolicy = .normalize) {
        self.limits = limits
        self.bareLineEndingPolicy = bareLineEndingPolicy
    }

    public var isComplete: Bool { self.endReported }

    /// Consumes what it can of `input` and returns one event; call again until `.needMoreInput` or `.end`.
    public mutating func decode(_ input: inout ByteBuffer) -> SMTPBodyEvent {
        if !self.ended && !self.endReported {
            let consumed = input.withUnsafeReadableBytes { self.scan($0) }
            input.moveReaderIndex(forwardBy: consumed)
        }
        if let failure = self.failure, !self.failureReported {
            self.failureReported = true
            self.output.clear()
            return .failed(failure)
        }
        if self.output.readableBytes > 0,
            self.ended || input.readableBytes == 0 || self.output.readableBytes > self.limits.maximumChunkSize - 2
        {
            let chunk = self.output
            self.output = ByteBuffer()
            return .chunk(chunk)
        }
        if self.ended {
            self.endReported = true
            return .end
        }
        return .needMoreInput
    }

    private mutating func scan(_ bytes: UnsafeRawBufferPointer) -> Int {
        let cr = UInt8(ascii: "\r")
        let lf = UInt8(ascii: "\n")
        let count = bytes.count
        var index = 0
        while index < count {
            // Room for a CRLF is kept so that no chunk exceeds the limit.
            if self.output.readableBytes > self.limits.maximumChunkSize - 2 { break }
            let byte = bytes[index]
            switch self.state {
            case .inLine:
                var runEnd = index
                while runEnd < count, bytes[runEnd] != cr, bytes[runEnd] != lf { runEnd += 1 }
                if runEnd > index {
                    let room = self.limits.maximumChunkSize - self.output.readableBytes
                    runEnd = min(runEnd, index + room)
                    self.content(UnsafeRawBufferPointer(rebasing: bytes[index..<runEnd]))
                    index = runEnd
                } else if byte == cr {
                    self.state = .inLineCR
                    index += 1
                } else {
                    self.bareLineEnding()
                    index += 1
                }
            case .inLineCR:
                if byte == lf {
                    self.lineEnd(clean: true)
                    index += 1
                } else {
                    // The CR was bare; `byte` starts the next line and is looked at again.
                    self.bareLineEnding()
                }
            case .lineStart(let clean):
                switch byte {
                case UInt8(ascii: "."):
                    self.state = .dot(clean: clean)
                    self.lineLength = 1
                    index += 1
                case cr:
                    self.state = .inLineCR
                    index += 1
                case lf:
                    self.bareLineEnding()
                    index += 1
                default:
                    self.state = .inLine
                }
            case .dot(let clean):
                switch byte {
                case cr:
                    self.state = .dotCR(clean: clean)
                    index += 1
                case lf:
                    self.bareLineEnding()
                    index += 1
                default:
                    // A stuffed dot (RFC 5321 4.5.2): dropped, the rest of the line is content.
                    self.state = .inLine
                }
            case .dotCR(let clean):
                if byte == lf {
                    index += 1
                    if clean {
                        self.ended = true
                        return index
                    }
                    // "." CRLF after a bare line ending: an empty line, and the end of data becomes
                    // possible again because this CRLF is real.
                    self.lineEnd(clean: true)
                } else {
                    self.bareLineEnding()
                }
            }
        }
        return index
    }

    private mutating func content(_ run: UnsafeRawBufferPointer) {
        self.lineLength += run.count
        if self.lineLength + 2 > self.limits.maximumLineLength {
            self.fail(.lineTooLong(limit: self.limits.maximumLineLength))
        }
        self.account(run.count)
        if self.failure == nil { self.output.writeBytes(run) }
    }

    private mutating func lineEnd(clean: Bool) {
        self.state = .lineStart(clean: clean)
        self.lineLength = 0
        self.account(2)
        if self.failure == nil { self.output.writeStaticString("\r\n") }
    }

    private mutating func bareLineEnding() {
        if self.bareLineEndingPolicy == .reject { self.fail(.bareLineEnding) }
        self.lineEnd(clean: false)
    }

    private mutating func account(_ octets: Int) {
        self.messageSize &+= UInt64(octets)
        if self.messageSize > self.limits.maximumMessageSize {
            self.fail(.sizeExceeded(limit: self.limits.maximumMessageSize))
        }
    }

    private mutating func fail(_ failure: SMTPMessageFailure) {
        if self.failure == nil { self.failure = failure }
    }
}
