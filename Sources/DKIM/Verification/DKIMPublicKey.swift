import COpenSSL
import Digests

/// A public key from a key record's `p=`, loaded through OpenSSL's EVP layer (as the signer's private key is).
///
/// `@unchecked Sendable`: the key is never modified after loading, and OpenSSL 3 allows one EVP_PKEY to verify on
/// several threads at once as long as each uses its own EVP_MD_CTX, which `verify` creates.
final class DKIMPublicKey: @unchecked Sendable {
    let key: OpaquePointer
    let algorithm: DKIMAlgorithm
    /// The RSA modulus size; 256 for Ed25519.
    let bits: Int

    /// RSA: SubjectPublicKeyInfo DER (what every signer publishes), or the bare RSAPublicKey RFC 6376 §3.6.1
    /// literally names. Ed25519: the raw 32 bytes (RFC 8463 §4). Nil when the bytes are not such a key.
    init?(_ bytes: [UInt8], algorithm: DKIMAlgorithm) {
        let loaded: OpaquePointer? = bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, !buffer.isEmpty else { return nil }
            switch algorithm {
            case .rsaSHA256:
                var cursor: UnsafePointer<UInt8>? = base
                if let key = d2i_PUBKEY(nil, &cursor, buffer.count) {
                    if EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA, cursor == base + buffer.count { return key }
                    EVP_PKEY_free(key)
                    return nil
                }
                cursor = base
                guard let key = d2i_PublicKey(EVP_PKEY_RSA, nil, &cursor, buffer.count) else { return nil }
                guard cursor == base + buffer.count else {
                    EVP_PKEY_free(key)
                    return nil
                }
                return key
            case .ed25519SHA256:
                guard buffer.count == 32 else { return nil }
                return EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, base, buffer.count)
            }
        }
        ERR_clear_error()
        guard let loaded else { return nil }
        key = loaded
        self.algorithm = algorithm
        bits = Int(EVP_PKEY_get_bits(loaded))
    }

    deinit {
        EVP_PKEY_free(key)
    }

    /// SHA-256 fetched from the provider once: `EVP_sha256()` makes OpenSSL 3 fetch it again at every use.
    /// `nonisolated(unsafe)`: an EVP_MD is immutable once fetched and OpenSSL allows sharing it between threads.
    nonisolated(unsafe) static let sha256: OpaquePointer? = EVP_MD_fetch(nil, "SHA256", nil)

    /// RSA: PKCS#1 v1.5 over SHA-256 of `data`. Ed25519 (RFC 8463): PureEd25519 over the SHA-256 of `data`.
    func verify(_ signature: [UInt8], over data: [UInt8]) -> Bool {
        guard let context = EVP_MD_CTX_new() else { return false }
        defer {
            EVP_MD_CTX_free(context)
            ERR_clear_error()
        }
        let input = algorithm == .rsaSHA256 ? data : SHA256Hasher.digest(data)
        guard EVP_DigestVerifyInit(context, nil, algorithm == .rsaSHA256 ? Self.sha256 : nil, nil, key) == 1 else { return false }
        return signature.withUnsafeBufferPointer { signatureBuffer in
            input.withUnsafeBufferPointer { inputBuffer in
                EVP_DigestVerify(context, signatureBuffer.baseAddress, signatureBuffer.count, inputBuffer.baseAddress, inputBuffer.count) == 1
            }
        }
    }
}
