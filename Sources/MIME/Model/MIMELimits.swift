/// Bounds on what one message may make the parser store. Exceeding one never fails the parse: the result is
/// flagged truncated with the reason, and what lies beyond the bound is kept as opaque bytes or dropped.
public struct MIMELimits: Sendable, Equatable {
    /// Body parts (leaves and multiparts) in the whole tree, the message itself included.
    public var maxParts: Int
    /// Multipart nesting: a multipart deeper than this is kept as one opaque part.
    public var maxDepth: Int
    /// Header fields kept per entity.
    public var maxHeaderCount: Int
    /// Bytes of header fields kept per entity.
    public var maxHeaderBytes: Int

    public init(maxParts: Int = 1000, maxDepth: Int = 32, maxHeaderCount: Int = 1000, maxHeaderBytes: Int = 1 << 20) {
        self.maxParts = maxParts
        self.maxDepth = maxDepth
        self.maxHeaderCount = maxHeaderCount
        self.maxHeaderBytes = maxHeaderBytes
    }

    public static let `default` = MIMELimits()
}
