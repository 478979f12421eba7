import Foundation
import HTTPClient

/// How inbound mail reaches the webhooks (`delivery.*`): workers, retries, TLS trust, and who hears of
/// deliveries that end without success.
public struct DeliverySettings: Sendable, Equatable {
    /// Webhook requests in flight per replica.
    public var concurrency: Int
    /// First retry delay; each next one doubles, up to `maxDelay`, with 20 % jitter.
    public var initialDelay: ConfigDuration
    public var maxDelay: ConfigDuration
    /// How long a delivery is retried before it is dead (kept, and reported).
    public var horizon: ConfigDuration
    /// How long a worker holds a job before another replica may take it over (after a crash).
    public var lease: ConfigDuration
    /// How often an idle worker looks for jobs committed by other replicas or falling due.
    public var pollInterval: ConfigDuration
    /// PEM bundle of CAs for HTTPS webhooks; the system store when unset.
    public var caFile: String?
    public var clientCertificate: String?
    public var clientKey: String?
    /// Receives an `inbound.delivery_failed` event when a delivery is dead or refused for good.
    public var failureWebhook: WebhookSettings?
    /// `http://[user:password@]host:port`: every webhook request is tunnelled through this proxy, to the
    /// address the destination policy checked. The `*_proxy` environment variables are never used.
    public var proxy: String?

    init(reading reader: inout SettingsReader) {
        concurrency = reader.int("delivery.concurrency", default: 32, range: 1...1024)
        initialDelay = reader.duration("delivery.retry.initial_delay", default: ConfigDuration(.seconds(30)))
        maxDelay = reader.duration("delivery.retry.max_delay", default: ConfigDuration(.seconds(3600)))
        horizon = reader.duration("delivery.retry.horizon", default: ConfigDuration(.seconds(3 * 24 * 3600)))
        lease = reader.duration("delivery.lease", default: ConfigDuration(.seconds(60)), minimum: .seconds(1))
        pollInterval = reader.duration("delivery.poll_interval", default: ConfigDuration(.milliseconds(250)))
        caFile = reader.optionalString("delivery.ca_file")
        clientCertificate = reader.optionalString("delivery.client_certificate")
        clientKey = reader.optionalString("delivery.client_key")
        if let clientKey { reader.checkSecretFile("delivery.client_key", path: clientKey) }
        if (clientCertificate == nil) != (clientKey == nil) {
            reader.report("delivery.client_certificate", "give both client_certificate and client_key for mutual TLS")
        }
        proxy = reader.text("delivery.proxy").flatMap { $0.isEmpty ? nil : $0 }
        if let proxy {
            // The proxy's credentials, if any, stay out of `check-config`.
            reader.record("delivery.proxy", RedactedURL(proxy).description)
            if let problem = Self.problem(withProxy: proxy) { reader.report("delivery.proxy", problem) }
        }
        failureWebhook = reader.keyIsSet("delivery.failure_webhook")
            ? WebhookSettings(reading: &reader, key: "delivery.failure_webhook", allowSync: false, owner: "the failure webhook") : nil
        if maxDelay.duration < initialDelay.duration {
            reader.report("delivery.retry.max_delay", "must not be shorter than delivery.retry.initial_delay")
        }
    }

    static func problem(withProxy proxy: String) -> String? {
        let shown = RedactedURL(proxy)
        guard proxy.lowercased().hasPrefix("http://") else {
            return "\"\(shown)\" is not an http:// proxy URL (example: http://proxy.internal:3128)"
        }
        guard let destination = URLDestination(url: proxy), !destination.host.isEmpty else { return "\"\(shown)\" names no host" }
        let authority = proxy.dropFirst("http://".count).prefix(while: { $0 != "/" && $0 != "?" && $0 != "#" })
        // libcurl would quietly use port 1080 for a proxy URL without one.
        guard authority.split(separator: "@").last.map({ $0.range(of: #":[0-9]+$"#, options: .regularExpression) != nil }) == true else {
            return "\"\(shown)\" names no port (example: http://proxy.internal:3128)"
        }
        let rest = proxy.dropFirst("http://".count + authority.count)
        if !(rest.isEmpty || rest == "/") { return "\"\(shown)\" has a path, query or fragment: a proxy is only a host and a port" }
        return nil
    }
}
