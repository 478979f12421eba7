import NIOCore

/// One framed command-mode line, or the reason none could be taken.
public enum SMTPCommandLine: Hashable, Sendable {
    /// The line without its terminator; `bareLF` when it ended in LF alone.
    case line(ByteBuffer, bareLF: Bool)
    /// The line exceeded the limit; its bytes were discarded up to and including its LF.
    case tooLong
}
