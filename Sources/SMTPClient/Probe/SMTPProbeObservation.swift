import Foundation
import MailModel

/// What probing one port of a smarthost saw, before any judgement (`SMTPProbeAssessment` judges).
public struct SMTPProbeObservation: Sendable, Hashable, Codable {
    public enum TLSKind: String, Sendable, Hashable, Codable {
        /// TLS from the first byte (465).
        case implicit
        /// STARTTLS after EHLO (25, 587, 2525).
        case startTLS = "starttls"
    }

    /// Encoded as `{"result": "not_tried" | "succeeded" | "failed", "reason": ...}` for `--json` readers.
    public enum AuthResult: Sendable, Hashable, Codable {
        case notTried
        case succeeded
        case failed(String)

        enum CodingKeys: String, CodingKey { case result, reason }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            switch try container.decode(String.self, forKey: .result) {
            case "succeeded": self = .succeeded
            case "failed": self = .failed(try container.decode(String.self, forKey: .reason))
            default: self = .notTried
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .notTried: try container.encode("not_tried", forKey: .result)
            case .succeeded: try container.encode("succeeded", forKey: .result)
            case .failed(let reason):
                try container.encode("failed", forKey: .result)
                try container.encode(reason, forKey: .reason)
            }
        }
    }

    public var port: Int
    public var tlsKind: TLSKind
    /// TCP connect time; `nil` when the port could not be reached (`connectError` says why).
    public var connectMilliseconds: Int?
    public var connectError: String?
    /// The TLS session, from the verified attempt or, when verification failed, from an unverified one.
    public var tls: TLSParameters?
    public var peerCertificateSubject: String?
    /// subjectAltName entries (`DNS:name`, `IP:address`).
    public var peerCertificateNames: [String]
    public var peerCertificateNotAfter: Date?
    /// The 220 greeting's text.
    public var banner: String?
    /// Whether the chain verified against the trust roots and the certificate names the host.
    public var verified: Bool
    public var verificationFailure: String?
    public var startTLSOffered: Bool?
    public var authMechanisms: [String]
    /// EHLO extensions the client understood (after TLS).
    public var extensions: [String]
    public var auth: AuthResult
    /// Why the session failed apart from TLS verification and AUTH (no STARTTLS, a timeout, a refusal).
    public var sessionError: String?

    public init(
        port: Int, tlsKind: TLSKind, connectMilliseconds: Int? = nil, connectError: String? = nil, tls: TLSParameters? = nil,
        peerCertificateSubject: String? = nil, peerCertificateNames: [String] = [],
        peerCertificateNotAfter: Date? = nil, banner: String? = nil, verified: Bool = false, verificationFailure: String? = nil,
        startTLSOffered: Bool? = nil, authMechanisms: [String] = [], extensions: [String] = [], auth: AuthResult = .notTried,
        sessionError: String? = nil
    ) {
        self.port = port
        self.tlsKind = tlsKind
        self.connectMilliseconds = connectMilliseconds
        self.connectError = connectError
        self.tls = tls
        self.peerCertificateSubject = peerCertificateSubject
        self.peerCertificateNames = peerCertificateNames
        self.peerCertificateNotAfter = peerCertificateNotAfter
        self.banner = banner
        self.verified = verified
        self.verificationFailure = verificationFailure
        self.startTLSOffered = startTLSOffered
        self.authMechanisms = authMechanisms
        self.extensions = extensions
        self.auth = auth
        self.sessionError = sessionError
    }

    /// The TLS a port speaks unless told otherwise: implicit on 465, STARTTLS elsewhere.
    public static func defaultTLSKind(port: Int) -> TLSKind { port == 465 ? .implicit : .startTLS }
}
