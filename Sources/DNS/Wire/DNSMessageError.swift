/// Why a DNS reply could not be read; the query is then a temporary failure.
public struct DNSMessageError: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String

    public init(_ reason: String) { self.reason = reason }

    public var description: String { reason }
}
