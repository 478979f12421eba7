import NIOCore

/// What a body decoder produced from the input it was given.
public enum SMTPBodyEvent: Hashable, Sendable {
    /// Message bytes, unstuffed and with CRLF line endings; never larger than the decoder's chunk size.
    case chunk(ByteBuffer)
    /// Reported once, as soon as it is known, so the stored partial message can be dropped early; the
    /// decoder keeps reading to the body's real end.
    case failed(SMTPMessageFailure)
    /// The body is complete; bytes after it in the input are the client's next commands.
    case end
    case needMoreInput
}
