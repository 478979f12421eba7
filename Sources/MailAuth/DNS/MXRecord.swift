/// One MX record: the exchange's host name (without the final dot) and its preference.
public struct MXRecord: Sendable, Equatable, Hashable {
    public var preference: UInt16
    public var exchange: String

    public init(preference: UInt16, exchange: String) {
        self.preference = preference
        self.exchange = exchange
    }
}
