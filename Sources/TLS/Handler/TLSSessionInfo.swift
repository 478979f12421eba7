import Foundation
import MailModel

/// What a session needs to know about an established TLS connection (logging, the `Received` header, the
/// inbound JSON `envelope.tls`, authorisation by client certificate).
public struct TLSSessionInfo: Sendable, Hashable {
    /// The version and cipher: what the envelope records of this connection.
    public var parameters: TLSParameters
    /// RFC 2253 subject of the peer's certificate, if it sent one.
    public var peerCertificateSubject: String?
    /// Server: the SNI name the client asked for. Client: the name we sent.
    public var serverName: String?
    /// The negotiated ALPN protocol, if any.
    public var applicationProtocol: String?
    /// Whether the handshake resumed an earlier session.
    public var sessionReused: Bool
    /// The peer certificate's subjectAltName entries (`DNS:name`, `IP:address`).
    public var peerCertificateNames: [String]
    /// When the peer certificate expires.
    public var peerCertificateNotAfter: Date?

    public init(
        parameters: TLSParameters,
        peerCertificateSubject: String?,
        serverName: String?,
        applicationProtocol: String?,
        sessionReused: Bool,
        peerCertificateNames: [String] = [],
        peerCertificateNotAfter: Date? = nil
    ) {
        self.peerCertificateNames = peerCertificateNames
        self.peerCertificateNotAfter = peerCertificateNotAfter
        self.parameters = parameters
        self.peerCertificateSubject = peerCertificateSubject
        self.serverName = serverName
        self.applicationProtocol = applicationProtocol
        self.sessionReused = sessionReused
    }
}
