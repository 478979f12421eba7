import COpenSSL
import Digests

/// A private key loaded through OpenSSL's EVP layer, freed with its last reference.
///
/// `@unchecked Sendable`: the key is never modified after loading, and OpenSSL 3 allows one EVP_PKEY to be used
/// for signing from several threads at once as long as each uses its own EVP_MD_CTX, which `sign` creates.
final class DKIMPrivateKey: @unchecked Sendable {
    let key: OpaquePointer
    let algorithm: DKIMAlgorithm

    init(pem: String, algorithm: DKIMAlgorithm) throws(DKIMError) {
        let loaded: OpaquePointer? = pem.utf8CString.withUnsafeBufferPointer { buffer in
            guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count - 1)) else { return nil }
            defer { BIO_free(bio) }
            // Both "PRIVATE KEY" (PKCS#8) and "RSA PRIVATE KEY" (traditional) are read here.
            return PEM_read_bio_PrivateKey(bio, nil, nil, nil)
        }
        ERR_clear_error()
        guard let loaded else { throw .unreadableKey }
        let expected = algorithm == .rsaSHA256 ? EVP_PKEY_RSA : EVP_PKEY_ED25519
        guard EVP_PKEY_get_base_id(loaded) == expected else {
            EVP_PKEY_free(loaded)
            throw .keyAlgorithmMismatch(expected: algorithm)
        }
        if algorithm == .rsaSHA256 {
            let bits = Int(EVP_PKEY_get_bits(loaded))
            guard bits >= 1024 else {
                EVP_PKEY_free(loaded)
                throw .keyTooSmall(bits: bits)
            }
        }
        key = loaded
        self.algorithm = algorithm
    }

    init(owning key: OpaquePointer, algorithm: DKIMAlgorithm) {
        self.key = key
        self.algorithm = algorithm
    }

    deinit {
        EVP_PKEY_free(key)
    }

    /// RSA: PKCS#1 v1.5 over SHA-256 of `data`. Ed25519 (RFC 8463): PureEd25519 over the SHA-256 of `data`.
    func sign(_ data: [UInt8]) throws(DKIMError) -> [UInt8] {
        guard let context = EVP_MD_CTX_new() else { throw .openSSL("EVP_MD_CTX_new") }
        defer { EVP_MD_CTX_free(context) }
        let input: [UInt8]
        let digest: OpaquePointer?
        switch algorithm {
        case .rsaSHA256:
            input = data
            digest = EVP_sha256()
        case .ed25519SHA256:
            input = SHA256Hasher.digest(data)
            digest = nil
        }
        guard EVP_DigestSignInit(context, nil, digest, nil, key) == 1 else { throw .openSSL("EVP_DigestSignInit") }
        var length = 0
        guard input.withUnsafeBufferPointer({ EVP_DigestSign(context, nil, &length, $0.baseAddress, $0.count) }) == 1 else {
            throw .openSSL("EVP_DigestSign")
        }
        var signature = [UInt8](repeating: 0, count: length)
        let status = input.withUnsafeBufferPointer { inputBuffer in
            signature.withUnsafeMutableBufferPointer { EVP_DigestSign(context, $0.baseAddress, &length, inputBuffer.baseAddress, inputBuffer.count) }
        }
        guard status == 1 else { throw .openSSL("EVP_DigestSign") }
        return Array(signature.prefix(length))
    }

    /// The private key as PKCS#8 PEM.
    func pkcs8PEM() throws(DKIMError) -> String {
        guard let bio = BIO_new(BIO_s_mem()) else { throw .openSSL("BIO_new") }
        defer { BIO_free(bio) }
        guard PEM_write_bio_PrivateKey(bio, key, nil, nil, 0, nil, nil) == 1 else { throw .openSSL("PEM_write_bio_PrivateKey") }
        return String(decoding: Self.contents(of: bio), as: UTF8.self)
    }

    /// The public key as the `p=` tag wants it: SubjectPublicKeyInfo DER for RSA (RFC 6376 §3.6.1), the raw
    /// 32-byte key for Ed25519 (RFC 8463 §4).
    func publicKeyBytes() throws(DKIMError) -> [UInt8] {
        switch algorithm {
        case .rsaSHA256:
            let length = i2d_PUBKEY(key, nil)
            guard length > 0 else { throw .openSSL("i2d_PUBKEY") }
            var der = [UInt8](repeating: 0, count: Int(length))
            let written = der.withUnsafeMutableBufferPointer { buffer -> Int32 in
                var cursor = buffer.baseAddress
                return i2d_PUBKEY(key, &cursor)
            }
            guard written == length else { throw .openSSL("i2d_PUBKEY") }
            return der
        case .ed25519SHA256:
            var length = 32
            var raw = [UInt8](repeating: 0, count: 32)
            guard EVP_PKEY_get_raw_public_key(key, &raw, &length) == 1 else { throw .openSSL("EVP_PKEY_get_raw_public_key") }
            return Array(raw.prefix(length))
        }
    }

    static func contents(of bio: OpaquePointer) -> [UInt8] {
        let pending = Int(BIO_ctrl_pending(bio))
        var bytes = [UInt8](repeating: 0, count: pending)
        let read = bytes.withUnsafeMutableBytes { BIO_read(bio, $0.baseAddress, Int32(pending)) }
        return Array(bytes.prefix(max(0, Int(read))))
    }
}
