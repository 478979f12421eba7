/// A regular expression over the whole recipient address (`^…$` implied). Operators write it in the
/// configuration, so it is trusted input; Swift's engine backtracks, which a hostile pattern could abuse.
public struct RecipientRegex: Sendable, Equatable {
    public let source: String
    // Regex is not declared Sendable, but a compiled regex is immutable: matching only reads it.
    private nonisolated(unsafe) let regex: Regex<AnyRegexOutput>

    public init(_ source: String) throws {
        self.source = source
        regex = try Regex(source)
    }

    /// Two regexes are the same when they were compiled from the same source (a reload compares them).
    public static func == (lhs: RecipientRegex, rhs: RecipientRegex) -> Bool {
        lhs.source == rhs.source
    }

    public func matches(_ address: String) -> Bool {
        (try? regex.wholeMatch(in: address)) != nil
    }
}
