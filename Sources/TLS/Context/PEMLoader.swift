import COpenSSL
import COpenSSLShims

/// Installs PEM certificate chains, keys and trust roots into an `SSL_CTX`.
enum PEMLoader {
    static func useCertifiedKey(_ key: TLSCertifiedKey, in context: OpaquePointer) throws(TLSError) {
        try self.useCertificateChain(key.certificateChain, in: context)
        try self.usePrivateKey(key.privateKey, in: context)
        OpenSSLErrorQueue.clear()
        guard SSL_CTX_check_private_key(context) == 1 else {
            throw .privateKeyLoadFailed(
                source: key.privateKey.description + " (does not match the certificate)",
                OpenSSLErrorQueue.drain()
            )
        }
    }

    static func useCertificateChain(_ source: TLSPEMSource, in context: OpaquePointer) throws(TLSError) {
        OpenSSLErrorQueue.clear()
        guard let bio = self.makeBIO(source) else {
            throw .certificateLoadFailed(source: source.description, OpenSSLErrorQueue.drain())
        }
        defer { BIO_free(bio) }
        guard let leaf = PEM_read_bio_X509(bio, nil, nil, nil) else {
            throw .certificateLoadFailed(source: source.description, OpenSSLErrorQueue.drain())
        }
        defer { X509_free(leaf) }
        guard SSL_CTX_use_certificate(context, leaf) == 1 else {
            throw .certificateLoadFailed(source: source.description, OpenSSLErrorQueue.drain())
        }
        while let intermediate = PEM_read_bio_X509(bio, nil, nil, nil) {
            defer { X509_free(intermediate) }
            guard mg_SSL_CTX_add1_chain_cert(context, intermediate) == 1 else {
                throw .certificateLoadFailed(source: source.description, OpenSSLErrorQueue.drain())
            }
        }
        // The loop ends on a "no start line" error at end of input: not a failure.
        OpenSSLErrorQueue.clear()
    }

    static func usePrivateKey(_ source: TLSPEMSource, in context: OpaquePointer) throws(TLSError) {
        OpenSSLErrorQueue.clear()
        guard let bio = self.makeBIO(source) else {
            throw .privateKeyLoadFailed(source: source.description, OpenSSLErrorQueue.drain())
        }
        defer { BIO_free(bio) }
        guard let key = PEM_read_bio_PrivateKey(bio, nil, nil, nil) else {
            throw .privateKeyLoadFailed(source: source.description, OpenSSLErrorQueue.drain())
        }
        defer { EVP_PKEY_free(key) }
        guard SSL_CTX_use_PrivateKey(context, key) == 1 else {
            // The key was read: with a certificate in place, OpenSSL refuses it here for not being the
            // certificate's (its own words, "key values mismatch", do not say which two keys).
            let mismatch = SSL_CTX_get0_certificate(context) != nil ? " (does not match the certificate)" : ""
            throw .privateKeyLoadFailed(source: source.description + mismatch, OpenSSLErrorQueue.drain())
        }
    }

    static func useTrustRoots(_ roots: TLSTrustRoots, in context: OpaquePointer) throws(TLSError) {
        OpenSSLErrorQueue.clear()
        switch roots {
        case .system:
            guard SSL_CTX_set_default_verify_paths(context) == 1 else {
                throw .invalidConfiguration("cannot load the system trust store: \(OpenSSLErrorQueue.drain())")
            }
        case .file(let path):
            guard SSL_CTX_load_verify_locations(context, path, nil) == 1 else {
                throw .certificateLoadFailed(source: path, OpenSSLErrorQueue.drain())
            }
        }
    }

    /// The CA names a server sends in its CertificateRequest, so clients pick the right certificate.
    static func useClientCAList(_ roots: TLSTrustRoots, in context: OpaquePointer) {
        guard case .file(let path) = roots, let names = SSL_load_client_CA_file(path) else {
            OpenSSLErrorQueue.clear()
            return
        }
        SSL_CTX_set_client_CA_list(context, names)
    }

    /// Inline PEM is copied into a memory BIO (`BIO_new_mem_buf` would borrow memory we cannot pin).
    private static func makeBIO(_ source: TLSPEMSource) -> OpaquePointer? {
        switch source {
        case .file(let path):
            return BIO_new_file(path, "r")
        case .pem(let text):
            guard let bio = BIO_new(BIO_s_mem()) else { return nil }
            let bytes = Array(text.utf8)
            let written = bytes.withUnsafeBytes { BIO_write(bio, $0.baseAddress, Int32($0.count)) }
            guard written == Int32(bytes.count) else {
                BIO_free(bio)
                return nil
            }
            return bio
        }
    }
}
