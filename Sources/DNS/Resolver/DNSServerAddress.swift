import MailAuth

/// One configured name server: `192.0.2.53`, `127.0.0.1:5353`, `2001:db8::53` or `[2001:db8::53]:5353`.
public struct DNSServerAddress: Sendable, Equatable, CustomStringConvertible {
    public var address: IPAddress
    public var port: Int

    public init(address: IPAddress, port: Int = 53) {
        self.address = address
        self.port = port
    }

    public init(parsing text: String) throws(DNSConfigurationError) {
        var host = Substring(text)
        var port = 53
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { throw DNSConfigurationError("\(text): '[' without ']'") }
            let after = host[host.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":"), let value = Int(after.dropFirst()) else { throw DNSConfigurationError("\(text): expected ':port' after ']'") }
                port = value
            }
            host = host[host.index(after: host.startIndex)..<close]
        } else if host.filter({ $0 == ":" }).count == 1, let colon = host.firstIndex(of: ":") {
            guard let value = Int(host[host.index(after: colon)...]) else { throw DNSConfigurationError("\(text): the port is not a number") }
            port = value
            host = host[..<colon]
        }
        guard (1...65535).contains(port) else { throw DNSConfigurationError("\(text): port \(port) is out of range") }
        guard let address = IPAddress(String(host)) else {
            throw DNSConfigurationError("\(text): not an IP address (a name server is given by address, not by name)")
        }
        self.init(address: address, port: port)
    }

    /// The form `ares_set_servers_ports_csv` reads.
    public var description: String {
        address.isIPv4 ? "\(address):\(port)" : "[\(address)]:\(port)"
    }
}
