import COpenSSL
import MIME

/// New DKIM keys: the private key as PKCS#8 PEM (what `DKIMSigner` and the configuration's `key_file` take)
/// and the TXT record to publish at `<selector>._domainkey.<domain>`.
public enum DKIMKeyGenerator {
    /// RSA keys are 2048 bits by default (RFC 8301 recommends at least that; 4096 does not fit one 255-octet TXT
    /// string comfortably and gains little); `rsaBits` is ignored for Ed25519.
    public static func generate(algorithm: DKIMAlgorithm, rsaBits: Int = 2048) throws(DKIMError) -> (privateKeyPEM: String, dnsTXT: String) {
        if algorithm == .rsaSHA256, rsaBits < 1024 { throw .keyTooSmall(bits: rsaBits) }
        guard let context = EVP_PKEY_CTX_new_id(algorithm == .rsaSHA256 ? EVP_PKEY_RSA : EVP_PKEY_ED25519, nil) else {
            throw .openSSL("EVP_PKEY_CTX_new_id")
        }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_keygen_init(context) == 1 else { throw .openSSL("EVP_PKEY_keygen_init") }
        if algorithm == .rsaSHA256 {
            guard EVP_PKEY_CTX_set_rsa_keygen_bits(context, Int32(rsaBits)) == 1 else { throw .openSSL("EVP_PKEY_CTX_set_rsa_keygen_bits") }
        }
        var generated: OpaquePointer?
        guard EVP_PKEY_keygen(context, &generated) == 1, let generated else { throw .openSSL("EVP_PKEY_keygen") }
        let key = DKIMPrivateKey(owning: generated, algorithm: algorithm)
        let publicKey = Base64.encode(try key.publicKeyBytes())
        return (try key.pkcs8PEM(), "v=DKIM1; k=\(algorithm.keyType); p=\(publicKey)")
    }
}
