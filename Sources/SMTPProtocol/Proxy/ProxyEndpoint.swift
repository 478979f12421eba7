/// One end of a proxied TCP connection.
public struct ProxyEndpoint: Hashable, Sendable, CustomStringConvertible {
    public var address: ProxyIPAddress
    public var port: UInt16

    public init(address: ProxyIPAddress, port: UInt16) {
        self.address = address
        self.port = port
    }

    public var description: String {
        switch self.address {
        case .v4: "\(self.address):\(self.port)"
        case .v6: "[\(self.address)]:\(self.port)"
        }
    }
}
