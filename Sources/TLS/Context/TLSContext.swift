import COpenSSL
import COpenSSLShims

/// A configured OpenSSL `SSL_CTX` (plus one per SNI certificate) from which connections are made.
///
/// `@unchecked Sendable` holds because the `SSL_CTX`s are fully configured in `init` and never mutated
/// afterwards; OpenSSL documents creating `SSL` objects from a shared, unmodified `SSL_CTX` as thread-safe
/// (its reference counts and session cache are internally locked). The ALPN buffer is likewise immutable.
public final class TLSContext: @unchecked Sendable {
    public let configuration: TLSConfiguration
    let sslContext: OpaquePointer
    /// Lower-cased host name (or `*.domain` pattern) to its context.
    private let serverNameContexts: [String: OpaquePointer]
    /// ALPN list in wire format, kept at a stable address because OpenSSL's select callback returns a
    /// pointer into it.
    let alpnWireFormat: UnsafeMutableBufferPointer<UInt8>?

    public init(configuration: TLSConfiguration) throws(TLSError) {
        try Self.validate(configuration)
        self.configuration = configuration
        var made: [OpaquePointer] = []
        do throws(TLSError) {
            let main = try Self.makeSSLContext(configuration, certifiedKey: configuration.certifiedKey)
            made.append(main)
            var byName: [String: OpaquePointer] = [:]
            for (name, key) in configuration.serverNameCertificates {
                let context = try Self.makeSSLContext(configuration, certifiedKey: key)
                made.append(context)
                byName[name.lowercased()] = context
            }
            self.sslContext = main
            self.serverNameContexts = byName
        } catch {
            made.forEach { SSL_CTX_free($0) }
            throw error
        }
        self.alpnWireFormat = Self.makeALPNWireFormat(configuration.applicationProtocols)
        self.installCallbacks()
    }

    deinit {
        SSL_CTX_free(self.sslContext)
        self.serverNameContexts.values.forEach { SSL_CTX_free($0) }
        self.alpnWireFormat?.deallocate()
    }

    func serverNameContext(for name: String) -> OpaquePointer? {
        let name = name.lowercased()
        if let exact = self.serverNameContexts[name] {
            return exact
        }
        guard let dot = name.firstIndex(of: ".") else { return nil }
        return self.serverNameContexts["*" + name[dot...]]
    }

    private static func validate(_ configuration: TLSConfiguration) throws(TLSError) {
        guard configuration.minimumVersion <= configuration.maximumVersion else {
            throw .invalidConfiguration("minimum version is above maximum version")
        }
        if configuration.role == .server, configuration.certifiedKey == nil {
            throw .invalidConfiguration("a server context needs a certificate and key")
        }
        for name in configuration.applicationProtocols where name.utf8.isEmpty || name.utf8.count > 255 {
            throw .invalidConfiguration("ALPN protocol names must be 1 to 255 bytes: \"\(name)\"")
        }
    }

    private static func makeSSLContext(
        _ configuration: TLSConfiguration,
        certifiedKey: TLSCertifiedKey?
    ) throws(TLSError) -> OpaquePointer {
        OpenSSLErrorQueue.clear()
        let method = configuration.role == .server ? TLS_server_method() : TLS_client_method()
        guard let context = SSL_CTX_new(method) else {
            throw .invalidConfiguration("SSL_CTX_new failed: \(OpenSSLErrorQueue.drain())")
        }
        do throws(TLSError) {
            try self.configure(context, configuration, certifiedKey: certifiedKey)
        } catch {
            SSL_CTX_free(context)
            throw error
        }
        return context
    }

    private static func configure(
        _ context: OpaquePointer,
        _ configuration: TLSConfiguration,
        certifiedKey: TLSCertifiedKey?
    ) throws(TLSError) {
        var options = mg_SSL_OP_NO_COMPRESSION() | mg_SSL_OP_NO_RENEGOTIATION()
        if configuration.preferServerCiphers { options |= mg_SSL_OP_CIPHER_SERVER_PREFERENCE() }
        if !configuration.sessionTickets { options |= mg_SSL_OP_NO_TICKET() }
        SSL_CTX_set_options(context, options)
        // An idle connection then holds no read and write buffers (about 34 KiB): what keeps thousands of
        // quiet TLS sessions (SMTP clients between messages) cheap.
        mg_SSL_CTX_set_mode(context, mg_SSL_MODE_RELEASE_BUFFERS())
        if !configuration.sessionTickets { SSL_CTX_set_num_tickets(context, 0) }

        guard mg_SSL_CTX_set_min_proto_version(context, configuration.minimumVersion.openSSLValue) == 1,
            mg_SSL_CTX_set_max_proto_version(context, configuration.maximumVersion.openSSLValue) == 1
        else {
            throw .invalidConfiguration("unsupported protocol version range: \(OpenSSLErrorQueue.drain())")
        }
        // OpenSSL 3 refuses TLS 1.0/1.1 (SHA-1 signatures) at the default security level 1.
        let cipherList =
            configuration.minimumVersion < .tls1_2 ? configuration.cipherList + ":@SECLEVEL=0" : configuration.cipherList
        guard SSL_CTX_set_cipher_list(context, cipherList) == 1 else {
            throw .invalidConfiguration("bad cipher list \"\(configuration.cipherList)\"")
        }
        guard SSL_CTX_set_ciphersuites(context, configuration.cipherSuites) == 1 else {
            throw .invalidConfiguration("bad TLS 1.3 cipher suites \"\(configuration.cipherSuites)\"")
        }
        guard mg_SSL_CTX_set1_groups_list(context, configuration.groups) == 1 else {
            throw .invalidConfiguration("bad groups list \"\(configuration.groups)\"")
        }
        // Without a session id context, resumed sessions fail whenever client certificates are verified.
        let sessionIDContext: [UInt8] = Array("mailgate".utf8)
        SSL_CTX_set_session_id_context(context, sessionIDContext, UInt32(sessionIDContext.count))

        if let certifiedKey {
            try PEMLoader.useCertifiedKey(certifiedKey, in: context)
        }

        switch configuration.role {
        case .server:
            switch configuration.clientAuthentication {
            case .none:
                SSL_CTX_set_verify(context, SSL_VERIFY_NONE, nil)
            case .optional(let roots):
                try PEMLoader.useTrustRoots(roots, in: context)
                PEMLoader.useClientCAList(roots, in: context)
                SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
            case .required(let roots):
                try PEMLoader.useTrustRoots(roots, in: context)
                PEMLoader.useClientCAList(roots, in: context)
                SSL_CTX_set_verify(context, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nil)
            }
        case .client:
            switch configuration.peerVerification {
            case .fullVerification:
                try PEMLoader.useTrustRoots(configuration.trustRoots, in: context)
                SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
            case .pinnedPublicKeys, .insecureNoVerification:
                SSL_CTX_set_verify(context, SSL_VERIFY_NONE, nil)
            }
            if let wire = self.makeALPNWireFormat(configuration.applicationProtocols) {
                defer { wire.deallocate() }
                // Unlike nearly every other OpenSSL call, 0 means success here.
                guard SSL_CTX_set_alpn_protos(context, wire.baseAddress, UInt32(wire.count)) == 0 else {
                    throw .invalidConfiguration("cannot set ALPN protocols")
                }
            }
        }
        OpenSSLErrorQueue.clear()
    }

    private static func makeALPNWireFormat(_ protocols: [String]) -> UnsafeMutableBufferPointer<UInt8>? {
        guard !protocols.isEmpty else { return nil }
        var bytes: [UInt8] = []
        for name in protocols {
            bytes.append(UInt8(name.utf8.count))
            bytes.append(contentsOf: name.utf8)
        }
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count)
        _ = buffer.initialize(from: bytes)
        return buffer
    }

    /// The callbacks get `self` unretained: every `SSLConnection` holds a strong reference to its
    /// `TLSContext`, so the context outlives any handshake that can call back into it.
    private func installCallbacks() {
        guard self.configuration.role == .server else { return }
        let this = Unmanaged.passUnretained(self).toOpaque()
        let all = [self.sslContext] + Array(self.serverNameContexts.values)
        for context in all {
            if !self.serverNameContexts.isEmpty {
                mg_SSL_CTX_set_tlsext_servername_arg(context, this)
                mg_SSL_CTX_set_tlsext_servername_callback(context) { ssl, _, arg in
                    guard let ssl, let arg,
                        let name = SSL_get_servername(ssl, Int32(TLSEXT_NAMETYPE_host_name))
                    else { return SSL_TLSEXT_ERR_OK }
                    let owner = Unmanaged<TLSContext>.fromOpaque(arg).takeUnretainedValue()
                    if let selected = owner.serverNameContext(for: String(cString: name)) {
                        SSL_set_SSL_CTX(ssl, selected)
                    }
                    return SSL_TLSEXT_ERR_OK
                }
            }
            if self.alpnWireFormat != nil {
                SSL_CTX_set_alpn_select_cb(context, { _, out, outLength, offered, offeredLength, arg in
                    guard let out, let outLength, let offered, let arg else { return SSL_TLSEXT_ERR_NOACK }
                    let owner = Unmanaged<TLSContext>.fromOpaque(arg).takeUnretainedValue()
                    guard let ours = owner.alpnWireFormat else { return SSL_TLSEXT_ERR_NOACK }
                    var selected: UnsafeMutablePointer<UInt8>? = nil
                    var selectedLength: UInt8 = 0
                    // Server list first: the server's preference order wins.
                    let result = SSL_select_next_proto(
                        &selected, &selectedLength, ours.baseAddress, UInt32(ours.count), offered, offeredLength)
                    // No overlap: carry on without ALPN rather than abort (SMTP does not depend on it).
                    guard result == OPENSSL_NPN_NEGOTIATED, let selected else { return SSL_TLSEXT_ERR_NOACK }
                    out.pointee = UnsafePointer(selected)
                    outLength.pointee = selectedLength
                    return SSL_TLSEXT_ERR_OK
                }, this)
            }
        }
    }
}
