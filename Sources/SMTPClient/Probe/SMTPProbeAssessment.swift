import Foundation

/// The judgement of a probe (pure): which ports are usable as a relay upstream, why the others are not, and the
/// `relay.upstreams` entry for the best one. A port is usable when its TLS (implicit or STARTTLS) verified and,
/// when credentials were given, AUTH succeeded.
public struct SMTPProbeAssessment: Sendable, Hashable, Codable {
    public struct PortVerdict: Sendable, Hashable, Codable {
        public var observation: SMTPProbeObservation
        public var usable: Bool
        /// Why the port is not usable; `nil` when it is.
        public var problem: String?
        /// Whole days until the certificate expires (negative once it has).
        public var daysToExpiry: Int?
    }

    /// How the probe was asked to authenticate; only what the upstream entry names (never the password).
    public struct Credentials: Sendable, Hashable, Codable {
        public var username: String
        public var passwordFile: String

        public init(username: String, passwordFile: String) {
            self.username = username
            self.passwordFile = passwordFile
        }
    }

    public var host: String
    public var ports: [PortVerdict]
    public var recommendedPort: Int?
    /// One line of YAML for `relay.upstreams`, for the recommended port.
    public var upstreamEntry: String?

    /// Implicit TLS first (no plaintext step at all), then the submission ports, then 25.
    public static let preference = [465, 587, 2525, 25]

    public init(host: String, observations: [SMTPProbeObservation], credentials: Credentials?, caFile: String?, now: Date) {
        self.host = host
        self.ports = observations.map { observation in
            let problem = Self.problem(observation, authRequired: credentials != nil)
            let days = observation.peerCertificateNotAfter.map { Int(($0.timeIntervalSince(now) / 86_400).rounded(.down)) }
            return PortVerdict(observation: observation, usable: problem == nil, problem: problem, daysToExpiry: days)
        }
        let usable = self.ports.filter(\.usable).map(\.observation)
        let best = usable.min { Self.rank($0.port) < Self.rank($1.port) }
        self.recommendedPort = best?.port
        self.upstreamEntry = best.map { Self.entry(host: host, observation: $0, credentials: credentials, caFile: caFile) }
    }

    static func rank(_ port: Int) -> Int { preference.firstIndex(of: port) ?? preference.count }

    static func problem(_ observation: SMTPProbeObservation, authRequired: Bool) -> String? {
        if let error = observation.connectError { return "not reachable: \(error)" }
        if let failure = observation.verificationFailure { return "certificate not verified: \(failure)" }
        if let error = observation.sessionError { return error }
        if observation.tls == nil || !observation.verified { return "no verified TLS" }
        if authRequired {
            switch observation.auth {
            case .succeeded: break
            case .failed(let reason): return "AUTH failed: \(reason)"
            case .notTried: return "AUTH not tried"
            }
        }
        return nil
    }

    static func entry(host: String, observation: SMTPProbeObservation, credentials: Credentials?, caFile: String?) -> String {
        var fields = ["host: \(yamlScalar(host))", "port: \(observation.port)", "tls: \(observation.tlsKind == .implicit ? "tls" : "starttls")"]
        if let caFile { fields.append("ca_file: \(yamlScalar(caFile))") }
        if let credentials {
            fields.append("username: \(yamlScalar(credentials.username))")
            fields.append("password_file: \(yamlScalar(credentials.passwordFile))")
        }
        return "- { " + fields.joined(separator: ", ") + " }"
    }

    /// Quoted unless plainly safe in a YAML flow mapping.
    static func yamlScalar(_ value: String) -> String {
        let plain = !value.isEmpty && value.allSatisfy { $0.isLetter || $0.isNumber || "._-/@".contains($0) }
        if plain { return value }
        return "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
