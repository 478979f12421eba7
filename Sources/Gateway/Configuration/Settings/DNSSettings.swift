import DNS

/// `dns.*`: the name servers mail authentication (SPF) asks, and how long one try waits. No servers means
/// /etc/resolv.conf's. The resolver is not wired to a listener yet; the settings are read and checked now so
/// that a bad value fails at start, not at the first message.
public struct DNSSettings: Sendable, Equatable {
    public var servers: [DNSServerAddress]
    public var timeout: ConfigDuration

    init(reading reader: inout SettingsReader) {
        var servers: [DNSServerAddress] = []
        for text in reader.list("dns.servers") ?? [] {
            do {
                servers.append(try DNSServerAddress(parsing: text))
            } catch {
                reader.report("dns.servers", "\(error)")
            }
        }
        // As the list keys of the listeners: recorded only when set, comma-separated (what the renderer writes back).
        if !servers.isEmpty { reader.record("dns.servers", servers.map(\.description).joined(separator: ",")) }
        self.servers = servers
        timeout = reader.duration("dns.timeout", default: ConfigDuration(.seconds(2)), minimum: .milliseconds(10))
    }

    /// The resolver's configuration (tries, cache size and TTL cap keep the resolver's defaults).
    public var resolver: DNSResolverConfiguration {
        DNSResolverConfiguration(servers: servers, timeout: timeout.duration)
    }
}
