/// Why a record (or an explanation) is not valid SPF: the reason and the term it is in. Any of these makes the
/// check a `permerror` (RFC 7208 §4.6).
public struct SPFSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String
    public var term: String

    public init(_ reason: String, term: String) {
        self.reason = reason
        self.term = term
    }

    public var description: String { "\(reason): \(term)" }
}
