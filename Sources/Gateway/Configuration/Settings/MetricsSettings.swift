/// Where `/metrics` is served and who may read it (`metrics.*`). By default it is on the API's listener, open to
/// anyone who can connect: fine when that listener is only reachable from the cluster, not when it faces clients.
public struct MetricsSettings: Sendable, Equatable {
    /// A listener of its own (`metrics.port` set); nil keeps `/metrics` on the API's listener.
    public var listener: ListenerSettings?
    /// `metrics.token` / `metrics.token_file`: the bearer token a scraper must present; nil lets anyone read.
    public var token: String?

    init(reading reader: inout SettingsReader, http: ListenerSettings) {
        let address = reader.text("metrics.address")
        if reader.text("metrics.port") != nil {
            let port = reader.port("metrics.port", default: 9090)
            let listener = ListenerSettings(enabled: true, address: reader.string("metrics.address", default: http.address), port: port)
            if !ListenerSettings.isValidAddress(listener.address) {
                reader.report("metrics.address", "\"\(listener.address)\" is not an IP address or host name")
            }
            self.listener = listener
        } else {
            self.listener = nil
            if address != nil {
                reader.report("metrics.address", "metrics.address needs metrics.port: a listener of its own for /metrics")
            }
        }
        token = reader.secret("metrics.token")
        if let token, token.count < 16 {
            reader.report("metrics.token", "the metrics token is \(token.count) characters; use at least 16 (e.g. openssl rand -hex 32)")
        }
    }
}
