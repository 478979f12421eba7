import HTTPClient

/// The container's HEALTHCHECK: one GET against the gateway's own `/healthz`, answered by a status the image
/// can act on without shell tools (curl is not in the runtime image).
public enum HealthProbe {
    public enum Outcome: Sendable, Equatable {
        case healthy
        case unhealthy(String)
    }

    /// Only 200 is healthy: a redirect or a 503 from a draining instance must not pass for a live one.
    public static func outcome(status: Int) -> Outcome {
        status == 200 ? .healthy : .unhealthy("HTTP \(status)")
    }

    /// - Parameter pinnedCertificate: with `http.tls`, the gateway's own certificate: the probe reaches it over
    ///   loopback, an address the certificate does not name, and trusts that certificate alone.
    public static func check(url: String, timeout: Duration, pinnedCertificate: String? = nil) async -> Outcome {
        let client = CurlHTTPClient(configuration: HTTPClientConfiguration(
            pinnedCertificateFile: pinnedCertificate, maxResponseBodyBytes: 4096, maxConnectionsPerHost: 1, userAgent: "mailgate-health/\(MailgateVersion.current)"))
        let result: Outcome
        do {
            // The probe targets the gateway itself, so loopback and the pod's own network are the point.
            let response = try await client.execute(HTTPRequest(
                method: .get, url: url, connectTimeout: timeout, timeout: timeout, destinationPolicy: .anywhere))
            result = outcome(status: response.status)
        } catch {
            result = .unhealthy("\(error)")
        }
        await client.shutdown()
        return result
    }
}
