import COpenSSL
import Foundation

/// Reads what operators ask of a peer certificate (its names, its expiry) out of an OpenSSL `X509`.
enum CertificateInspection {
    /// DNS names and IP addresses of the subjectAltName extension, in the certificate's order.
    static func subjectAlternativeNames(of certificate: OpaquePointer) -> [String] {
        guard let raw = X509_get_ext_d2i(certificate, NID_subject_alt_name, nil, nil) else { return [] }
        let names = OpaquePointer(raw)
        defer { GENERAL_NAMES_free(names) }
        var result: [String] = []
        for index in 0..<OPENSSL_sk_num(names) {
            guard let entry = OPENSSL_sk_value(names, index)?.assumingMemoryBound(to: GENERAL_NAME.self).pointee else { continue }
            switch entry.type {
            case GEN_DNS:
                if let string = entry.d.dNSName, let text = Self.bytes(of: string) { result.append("DNS:" + String(decoding: text, as: UTF8.self)) }
            case GEN_IPADD:
                if let string = entry.d.iPAddress, let address = Self.bytes(of: string) { result.append("IP:" + Self.ipAddress(address)) }
            default:
                continue
            }
        }
        return result
    }

    /// The end of the validity period.
    static func notAfter(of certificate: OpaquePointer) -> Date? {
        guard let time = X509_get0_notAfter(certificate) else { return nil }
        var parts = tm()
        guard ASN1_TIME_to_tm(time, &parts) == 1 else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }

    private static func bytes(of string: UnsafeMutablePointer<ASN1_STRING>) -> [UInt8]? {
        guard let data = ASN1_STRING_get0_data(string) else { return nil }
        return Array(UnsafeBufferPointer(start: data, count: Int(ASN1_STRING_length(string))))
    }

    private static func ipAddress(_ bytes: [UInt8]) -> String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        guard bytes.count == 16 else { return bytes.map { String($0, radix: 16) }.joined(separator: ":") }
        return stride(from: 0, to: 16, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }.joined(separator: ":")
    }
}
