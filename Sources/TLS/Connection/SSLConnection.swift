import COpenSSL
import COpenSSLShims
import MailModel
import NIOCore

/// One OpenSSL `SSL` object wired to two memory BIOs: ciphertext from the network is written into
/// `networkToSSL`, ciphertext OpenSSL produces is taken out of `sslToNetwork`. No socket I/O happens here,
/// which is what lets the channel handler decide when to read and write.
final class SSLConnection {
    enum HandshakeOutcome {
        case complete
        case wantRead
        case failed(TLSError)
    }

    enum ReadOutcome {
        /// All buffered ciphertext was consumed; more is needed.
        case wantRead
        /// The peer sent close_notify.
        case closeNotify
        case failed(TLSError)
    }

    enum ShutdownOutcome {
        case sent
        case complete
        case failed(TLSError)
    }

    /// Keeps the `SSL_CTX` and the callbacks' unretained `TLSContext` pointer alive.
    let context: TLSContext
    private let ssl: OpaquePointer
    private let networkToSSL: OpaquePointer
    private let sslToNetwork: OpaquePointer
    private let serverHostname: String?

    init(context: TLSContext, serverHostname: String?) throws(TLSError) {
        OpenSSLErrorQueue.clear()
        guard let ssl = SSL_new(context.sslContext) else {
            throw .invalidConfiguration("SSL_new failed: \(OpenSSLErrorQueue.drain())")
        }
        guard let input = BIO_new(BIO_s_mem()), let output = BIO_new(BIO_s_mem()) else {
            SSL_free(ssl)
            throw .invalidConfiguration("BIO_new failed")
        }
        // The SSL object owns both BIOs from here on; SSL_free releases them.
        SSL_set_bio(ssl, input, output)
        self.context = context
        self.ssl = ssl
        self.networkToSSL = input
        self.sslToNetwork = output
        self.serverHostname = serverHostname

        switch context.configuration.role {
        case .server:
            SSL_set_accept_state(ssl)
        case .client:
            SSL_set_connect_state(ssl)
            try self.configureClient()
        }
    }

    deinit {
        SSL_free(self.ssl)
    }

    private func configureClient() throws(TLSError) {
        let configuration = self.context.configuration
        guard let hostname = self.serverHostname, !hostname.isEmpty else {
            if case .fullVerification = configuration.peerVerification {
                throw .invalidConfiguration("full verification needs the server host name")
            }
            return
        }
        let param = SSL_get0_param(self.ssl)
        // An IP literal is matched against iPAddress SANs and must not be sent as SNI (RFC 6066 §3).
        if X509_VERIFY_PARAM_set1_ip_asc(param, hostname) == 1 {
            OpenSSLErrorQueue.clear()
            return
        }
        OpenSSLErrorQueue.clear()
        guard mg_SSL_set_tlsext_host_name(self.ssl, hostname) == 1 else {
            throw .invalidConfiguration("invalid SNI host name \"\(hostname)\"")
        }
        X509_VERIFY_PARAM_set_hostflags(param, UInt32(X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS))
        guard X509_VERIFY_PARAM_set1_host(param, hostname, 0) == 1 else {
            throw .invalidConfiguration("invalid host name \"\(hostname)\"")
        }
    }

    func consumeCiphertext(_ buffer: ByteBuffer) {
        buffer.withUnsafeReadableBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let chunk = Int32(clamping: bytes.count - offset)
                let written = BIO_write(self.networkToSSL, bytes.baseAddress! + offset, chunk)
                precondition(written > 0, "memory BIO write failed (out of memory)")
                offset += Int(written)
            }
        }
    }

    /// Ciphertext received but not yet decrypted: an upper bound for the plaintext it will yield.
    var bufferedCiphertextBytes: Int {
        BIO_ctrl_pending(self.networkToSSL)
    }

    /// Everything OpenSSL wants sent (handshake messages, records, alerts), or nil.
    func takeCiphertext(allocator: ByteBufferAllocator) -> ByteBuffer? {
        let pending = BIO_ctrl_pending(self.sslToNetwork)
        guard pending > 0 else { return nil }
        var buffer = allocator.buffer(capacity: pending)
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: pending) { target in
            Int(max(0, BIO_read(self.sslToNetwork, target.baseAddress, Int32(clamping: pending))))
        }
        return buffer
    }

    func doHandshake() -> HandshakeOutcome {
        OpenSSLErrorQueue.clear()
        let result = SSL_do_handshake(self.ssl)
        if result == 1 {
            return self.checkPins()
        }
        switch SSL_get_error(self.ssl, result) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            return .wantRead
        default:
            return .failed(self.handshakeError())
        }
    }

    private func handshakeError() -> TLSError {
        let errors = OpenSSLErrorQueue.drain()
        if SSL_get_verify_mode(self.ssl) & SSL_VERIFY_PEER != 0 {
            let verifyResult = SSL_get_verify_result(self.ssl)
            if verifyResult != Int(X509_V_OK) {
                return .certificateVerificationFailed(.init(x509VerifyResult: verifyResult))
            }
            if self.context.configuration.role == .server,
                SSL_get_verify_mode(self.ssl) & SSL_VERIFY_FAIL_IF_NO_PEER_CERT != 0,
                SSL_get0_peer_certificate(self.ssl) == nil,
                errors.contains(where: { ERR_GET_REASON($0.code) == SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE })
            {
                return .certificateVerificationFailed(.noPeerCertificate)
            }
        }
        return .handshakeFailed(errors)
    }

    private func checkPins() -> HandshakeOutcome {
        guard self.context.configuration.role == .client,
            case .pinnedPublicKeys(let pins) = self.context.configuration.peerVerification
        else { return .complete }
        guard let certificate = SSL_get0_peer_certificate(self.ssl) else {
            return .failed(.certificateVerificationFailed(.noPeerCertificate))
        }
        guard let digest = Self.publicKeySHA256(of: certificate), pins.contains(digest) else {
            return .failed(.certificateVerificationFailed(.publicKeyPinMismatch))
        }
        return .complete
    }

    static func publicKeySHA256(of certificate: OpaquePointer) -> [UInt8]? {
        guard let key = X509_get0_pubkey(certificate) else { return nil }
        let length = i2d_PUBKEY(key, nil)
        guard length > 0 else { return nil }
        var der = [UInt8](repeating: 0, count: Int(length))
        let written = der.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor: UnsafeMutablePointer<UInt8>? = buffer.baseAddress
            return i2d_PUBKEY(key, &cursor)
        }
        guard written == length else { return nil }
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var digestLength: UInt32 = 0
        guard EVP_Digest(der, der.count, &digest, &digestLength, EVP_sha256(), nil) == 1 else { return nil }
        return Array(digest.prefix(Int(digestLength)))
    }

    /// Decrypts everything available into `buffer`. Stops at the first WANT_READ, close_notify or error; the
    /// plaintext read before a close_notify or error is still in `buffer`.
    func readPlaintext(into buffer: inout ByteBuffer) -> ReadOutcome {
        while true {
            OpenSSLErrorQueue.clear()
            var result: Int32 = 0
            // SSL_read copies what fits and keeps the rest of a record, so any room will do.
            buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: 1) { target in
                result = SSL_read(self.ssl, target.baseAddress, Int32(clamping: target.count))
                return result > 0 ? Int(result) : 0
            }
            if result > 0 { continue }
            switch SSL_get_error(self.ssl, result) {
            case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
                return .wantRead
            case SSL_ERROR_ZERO_RETURN:
                return .closeNotify
            default:
                return .failed(.protocolError(OpenSSLErrorQueue.drain()))
            }
        }
    }

    /// Encrypts all of `buffer`. With a memory BIO as sink OpenSSL never blocks, so anything short of a
    /// full write is an error.
    func writePlaintext(_ buffer: ByteBuffer) -> TLSError? {
        var remaining = buffer
        while remaining.readableBytes > 0 {
            OpenSSLErrorQueue.clear()
            let written = remaining.withUnsafeReadableBytes { bytes in
                SSL_write(self.ssl, bytes.baseAddress, Int32(clamping: bytes.count))
            }
            guard written > 0 else {
                return .protocolError(OpenSSLErrorQueue.drain())
            }
            remaining.moveReaderIndex(forwardBy: Int(written))
        }
        return nil
    }

    func shutdown() -> ShutdownOutcome {
        OpenSSLErrorQueue.clear()
        let result = SSL_shutdown(self.ssl)
        switch result {
        case 1:
            return .complete
        case 0:
            return .sent
        default:
            switch SSL_get_error(self.ssl, result) {
            case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
                return .sent
            default:
                return .failed(.protocolError(OpenSSLErrorQueue.drain()))
            }
        }
    }

    var sessionInfo: TLSSessionInfo {
        let cipher = SSL_get_current_cipher(self.ssl).map { String(cString: SSL_CIPHER_get_name($0)) } ?? ""
        var alpnBytes: UnsafePointer<UInt8>? = nil
        var alpnLength: UInt32 = 0
        SSL_get0_alpn_selected(self.ssl, &alpnBytes, &alpnLength)
        let alpn = alpnBytes.flatMap { bytes in
            alpnLength > 0 ? String(decoding: UnsafeBufferPointer(start: bytes, count: Int(alpnLength)), as: UTF8.self) : nil
        }
        let serverName = SSL_get_servername(self.ssl, Int32(TLSEXT_NAMETYPE_host_name)).map { String(cString: $0) }
        let peer = SSL_get0_peer_certificate(self.ssl)
        return TLSSessionInfo(
            parameters: TLSParameters(version: String(cString: SSL_get_version(self.ssl)), cipher: cipher),
            peerCertificateSubject: peer.flatMap(Self.subject(of:)),
            serverName: serverName ?? self.serverHostname,
            applicationProtocol: alpn,
            sessionReused: SSL_session_reused(self.ssl) == 1,
            peerCertificateNames: peer.map(CertificateInspection.subjectAlternativeNames(of:)) ?? [],
            peerCertificateNotAfter: peer.flatMap(CertificateInspection.notAfter(of:))
        )
    }

    private static func subject(of certificate: OpaquePointer) -> String? {
        guard let name = X509_get_subject_name(certificate), let bio = BIO_new(BIO_s_mem()) else { return nil }
        defer { BIO_free(bio) }
        guard X509_NAME_print_ex(bio, name, 0, mg_XN_FLAG_RFC2253()) >= 0 else { return nil }
        var data: UnsafeMutablePointer<CChar>? = nil
        let length = mg_BIO_get_mem_data(bio, &data)
        guard let data, length > 0 else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
    }
}
