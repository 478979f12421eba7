import COpenSSL

/// SHA-256 of one buffer through OpenSSL (this module may not import `Digests`).
enum SHA256 {
    static func digest(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let status = bytes.withUnsafeBytes { buffer in
            EVP_Digest(buffer.baseAddress, buffer.count, &digest, &length, EVP_sha256(), nil)
        }
        precondition(status == 1 && length == 32, "EVP_Digest(SHA-256) failed")
        return digest
    }
}
