import COpenSSL
import COpenSSLShims

/// A self-signed certificate and its private key as PEM, for a development instance only.
///
/// The key is ECDSA P-256 and the certificate names `localhost`, 127.0.0.1, ::1 and the given host
/// name, so that local clients can connect by any of them once they trust this one certificate.
public struct SelfSignedCertificate: Sendable {
    public var certificatePEM: String
    public var privateKeyPEM: String

    public enum GenerationError: Error, CustomStringConvertible {
        case openSSL(step: String, detail: String)

        public var description: String {
            switch self {
            case .openSSL(let step, let detail): "could not generate a self-signed certificate (\(step)): \(detail)"
            }
        }
    }

    public static func generate(commonName: String, validDays: Int = 365) throws -> SelfSignedCertificate {
        ERR_clear_error()
        func failure(_ step: String) -> GenerationError {
            var detail = ""
            while case let code = ERR_get_error(), code != 0 {
                var buffer = [CChar](repeating: 0, count: 256)
                ERR_error_string_n(code, &buffer, buffer.count)
                detail += (detail.isEmpty ? "" : "; ") + String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
            return .openSSL(step: step, detail: detail.isEmpty ? "unknown error" : detail)
        }

        guard let keyContext = EVP_PKEY_CTX_new_from_name(nil, "EC", nil) else { throw failure("key context") }
        defer { EVP_PKEY_CTX_free(keyContext) }
        var key: OpaquePointer?
        guard EVP_PKEY_keygen_init(keyContext) == 1,
              EVP_PKEY_CTX_set_group_name(keyContext, "P-256") == 1,
              EVP_PKEY_generate(keyContext, &key) == 1, let key
        else { throw failure("key generation") }
        defer { EVP_PKEY_free(key) }

        guard let certificate = X509_new() else { throw failure("certificate allocation") }
        defer { X509_free(certificate) }
        guard let serial = BN_new() else { throw failure("serial") }
        defer { BN_free(serial) }
        guard X509_set_version(certificate, 2) == 1,
              BN_rand(serial, 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) == 1,
              BN_to_ASN1_INTEGER(serial, X509_get_serialNumber(certificate)) != nil,
              mg_X509_set_notBefore_days(certificate, -1) == 1,
              mg_X509_set_notAfter_days(certificate, validDays) == 1,
              X509_set_pubkey(certificate, key) == 1
        else { throw failure("certificate fields") }

        let name = X509_get_subject_name(certificate)
        guard X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, "Mailgate development instance", -1, -1, 0) == 1,
              X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, commonName, -1, -1, 0) == 1,
              X509_set_issuer_name(certificate, name) == 1
        else { throw failure("certificate name") }

        var alternativeNames = ["DNS:localhost", "IP:127.0.0.1", "IP:::1"]
        if commonName != "localhost" { alternativeNames.insert("DNS:\(commonName)", at: 0) }
        let extensions: [(Int32, String)] = [
            (NID_basic_constraints, "critical,CA:FALSE"),
            (NID_key_usage, "critical,digitalSignature"),
            (NID_ext_key_usage, "serverAuth"),
            (NID_subject_alt_name, alternativeNames.joined(separator: ",")),
        ]
        var context = X509V3_CTX()
        X509V3_set_ctx(&context, certificate, certificate, nil, nil, 0)
        for (nid, value) in extensions {
            guard let ext = X509V3_EXT_conf_nid(nil, &context, nid, value) else { throw failure("extension \(nid)") }
            defer { X509_EXTENSION_free(ext) }
            guard X509_add_ext(certificate, ext, -1) == 1 else { throw failure("extension \(nid)") }
        }
        guard X509_sign(certificate, key, EVP_sha256()) > 0 else { throw failure("signing") }

        let certificatePEM = try pem(failure("certificate PEM")) { PEM_write_bio_X509($0, certificate) }
        let keyPEM = try pem(failure("key PEM")) { PEM_write_bio_PrivateKey($0, key, nil, nil, 0, nil, nil) }
        return SelfSignedCertificate(certificatePEM: certificatePEM, privateKeyPEM: keyPEM)
    }

    private static func pem(_ error: @autoclosure () -> GenerationError, _ write: (OpaquePointer) -> Int32) throws -> String {
        guard let bio = BIO_new(BIO_s_mem()) else { throw error() }
        defer { BIO_free(bio) }
        guard write(bio) == 1 else { throw error() }
        var data: UnsafeMutablePointer<CChar>?
        let length = mg_BIO_get_mem_data(bio, &data)
        guard length > 0, let data else { throw error() }
        return String(decoding: UnsafeRawBufferPointer(start: data, count: Int(length)), as: UTF8.self)
    }
}
