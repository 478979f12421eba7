import NIOCore

/// Everything needed to build a `TLSContext`. A value type, so a reload builds a new context from a
/// (possibly edited) copy while established connections keep the context they started with.
public struct TLSConfiguration: Sendable, Hashable {
    /// TLS 1.2 suites with forward secrecy and AEAD only (Mozilla "intermediate" minus DHE).
    public static let modernCipherList =
        "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
        + "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
        + "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305"
    public static let modernCipherSuites =
        "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256"
    public static let defaultGroups = "X25519:P-256:P-384"

    public var role: TLSRole
    /// Server: the default certificate. Client: the certificate offered when the server asks for one.
    public var certifiedKey: TLSCertifiedKey?
    /// Server: certificate per SNI host name (lower case; `*.example.com` matches one label).
    public var serverNameCertificates: [String: TLSCertifiedKey]
    public var minimumVersion: TLSVersion
    public var maximumVersion: TLSVersion
    /// OpenSSL cipher string for TLS 1.2 and lower.
    public var cipherList: String
    /// OpenSSL cipher suites string for TLS 1.3.
    public var cipherSuites: String
    /// Key-exchange groups, in preference order.
    public var groups: String
    public var preferServerCiphers: Bool
    /// Server: issue session tickets (stateless resumption). Keys are per context, so a reload invalidates
    /// earlier tickets, which only costs a full handshake.
    public var sessionTickets: Bool
    /// ALPN protocols in preference order; empty means no ALPN.
    public var applicationProtocols: [String]
    /// Server only.
    public var clientAuthentication: TLSClientAuthentication
    /// Client only (and servers when `clientAuthentication` uses them).
    public var trustRoots: TLSTrustRoots
    /// Client only.
    public var peerVerification: TLSPeerVerification
    /// How long a closing handler waits for the peer's close_notify before closing the socket anyway.
    public var closeNotifyTimeout: TimeAmount
    /// A handshake not finished in this time fails with `TLSError.handshakeTimeout` (a client that connects
    /// to port 465 and never speaks would otherwise hold the connection). nil disables it.
    public var handshakeTimeout: TimeAmount?

    public init(
        role: TLSRole,
        certifiedKey: TLSCertifiedKey? = nil,
        serverNameCertificates: [String: TLSCertifiedKey] = [:],
        minimumVersion: TLSVersion = .tls1_2,
        maximumVersion: TLSVersion = .tls1_3,
        cipherList: String = TLSConfiguration.modernCipherList,
        cipherSuites: String = TLSConfiguration.modernCipherSuites,
        groups: String = TLSConfiguration.defaultGroups,
        preferServerCiphers: Bool = true,
        sessionTickets: Bool = true,
        applicationProtocols: [String] = [],
        clientAuthentication: TLSClientAuthentication = .none,
        trustRoots: TLSTrustRoots = .system,
        peerVerification: TLSPeerVerification = .fullVerification,
        closeNotifyTimeout: TimeAmount = .seconds(3),
        handshakeTimeout: TimeAmount? = .seconds(30)
    ) {
        self.role = role
        self.certifiedKey = certifiedKey
        self.serverNameCertificates = serverNameCertificates
        self.minimumVersion = minimumVersion
        self.maximumVersion = maximumVersion
        self.cipherList = cipherList
        self.cipherSuites = cipherSuites
        self.groups = groups
        self.preferServerCiphers = preferServerCiphers
        self.sessionTickets = sessionTickets
        self.applicationProtocols = applicationProtocols
        self.clientAuthentication = clientAuthentication
        self.trustRoots = trustRoots
        self.peerVerification = peerVerification
        self.closeNotifyTimeout = closeNotifyTimeout
        self.handshakeTimeout = handshakeTimeout
    }

    public static func server(certifiedKey: TLSCertifiedKey) -> TLSConfiguration {
        TLSConfiguration(role: .server, certifiedKey: certifiedKey)
    }

    public static func client(
        trustRoots: TLSTrustRoots = .system,
        peerVerification: TLSPeerVerification = .fullVerification
    ) -> TLSConfiguration {
        TLSConfiguration(role: .client, trustRoots: trustRoots, peerVerification: peerVerification)
    }
}
