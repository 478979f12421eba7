import Foundation

/// The whole configuration in force, typed and validated.
public struct GatewayConfiguration: Sendable {
    public var profile: ConfigurationProfile
    /// The name in the SMTP greeting, the Received header and Message-IDs.
    public var hostname: String
    /// Where a development instance keeps its generated certificate, users, API key and database.
    public var dataDirectory: String
    /// How long a graceful shutdown may take before the remaining work is cancelled.
    public var shutdownTimeout: ConfigDuration
    public var log: LogSettings
    public var smtp: SMTPSettings
    public var http: HTTPSettings
    public var metrics: MetricsSettings
    public var routes: [RouteSettings]
    /// The route for submitted mail that no route matches; without one, such mail is held.
    public var defaultRoute: String?
    public var delivery: DeliverySettings
    public var relay: RelaySettings?
    /// The DKIM keys (`dkim:`), loaded and checked; outbound mail from their domains is signed.
    public var dkim: [DKIMKeySettings]
    public var events: EventSettings
    public var storage: StorageSettings
    /// `dns.*`: the resolver for mail authentication.
    public var dns: DNSSettings
    /// Every key with its value and source, secrets redacted: what `check-config` prints.
    public var effective: [EffectiveSetting]
    /// What the configuration allows but is almost certainly a mistake (a webhook at an address its
    /// destination policy refuses): printed by `check-config`, logged at start.
    public var warnings: [ConfigurationProblem]

    init(reading reader: inout SettingsReader, profile: ConfigurationProfile) {
        self.profile = profile
        hostname = reader.string("hostname", default: profile == .development ? "localhost" : Self.systemHostname())
        if !ListenerSettings.isValidAddress(hostname) {
            reader.report("hostname", "\"\(hostname)\" is not a host name")
        }
        dataDirectory = reader.string("data_dir", default: profile == .development ? "./mailgate-data" : "/var/lib/mailgate")
        shutdownTimeout = reader.duration("shutdown_timeout", default: ConfigDuration(.seconds(30)))
        log = LogSettings(reading: &reader)
        smtp = SMTPSettings(reading: &reader, profile: profile, dataDirectory: dataDirectory)
        http = HTTPSettings(reading: &reader, profile: profile, dataDirectory: dataDirectory)
        metrics = MetricsSettings(reading: &reader, http: http.listener)
        let routeCount = reader.itemCount("routes")
        routes = (0..<routeCount).map { RouteSettings(reading: &reader, index: $0) }
        defaultRoute = reader.optionalString("default_route")
        delivery = DeliverySettings(reading: &reader)
        relay = RelaySettings.read(from: &reader)
        dkim = DKIMKeySettings.readAll(from: &reader)
        events = EventSettings(reading: &reader)
        storage = StorageSettings(reading: &reader, profile: profile, dataDirectory: dataDirectory)
        dns = DNSSettings(reading: &reader)
        effective = []
        warnings = []
        validateAcrossKeys(reporting: &reader)
        effective = reader.effective
        warnings = reader.warnings
    }

    private func validateAcrossKeys(reporting reader: inout SettingsReader) {
        var seenNames: Set<String> = []
        for (index, route) in routes.enumerated() where !seenNames.insert(route.name).inserted {
            reader.report("routes.\(index).name", "another route is already named \"\(route.name)\"")
        }
        for (index, route) in routes.enumerated() where route.action == .relay && relay == nil && profile != .development {
            reader.report("routes.\(index).action", "a relay route needs relay.upstreams (the smarthost to relay through)")
        }
        if let defaultRoute, !routes.contains(where: { $0.name == defaultRoute }) {
            reader.report("default_route", "no route is named \"\(defaultRoute)\"")
        }
        if profile == .development {
            // Checked on every start, not only when credentials are generated: a development instance's generated
            // (or copied-in) credentials and its permissive sender default are for this machine only.
            for (name, listener) in enabledListeners where !listener.isLoopback {
                reader.report(
                    "\(name).address",
                    "a development instance (no configuration file) listens on loopback only, not on \(listener.address): "
                        + "bind it to 127.0.0.1, or use a configuration file (--config) with your own certificate, users and API keys")
            }
        }
        var bound: [String: String] = [:]
        for (name, listener) in enabledListeners {
            let slot = "\(listener.port)"
            if let other = bound[slot] {
                reader.report("\(name).port", "port \(listener.port) is already used by \(other)")
            } else {
                bound[slot] = name
            }
        }
    }

    /// Every enabled listener with its configuration key: SMTP, HTTP, and metrics when it has its own.
    public var enabledListeners: [(name: String, settings: ListenerSettings)] {
        smtp.listeners.filter(\.settings.enabled) + [("http", http.listener)] + (metrics.listener.map { [("metrics", $0)] } ?? [])
    }

    static func systemHostname() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "localhost" : name
    }
}
