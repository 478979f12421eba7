/// A resolver setting that cannot be used, with the value and what is wrong with it.
public struct DNSConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String

    public init(_ reason: String) { self.reason = reason }

    public var description: String { reason }
}
