import COpenSSL

/// HMAC-SHA256 through the system OpenSSL.
public enum HMACSHA256 {
    public static func authenticate(_ message: some Collection<UInt8>, key: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let bytes = Array(message)
        let result = key.withUnsafeBytes { keyBuffer in
            bytes.withUnsafeBytes { messageBuffer in
                HMAC(EVP_sha256(), keyBuffer.baseAddress, Int32(keyBuffer.count),
                     messageBuffer.baseAddress?.assumingMemoryBound(to: UInt8.self), messageBuffer.count, &output, &length)
            }
        }
        precondition(result != nil, "HMAC-SHA256 failed in OpenSSL")
        return Array(output.prefix(Int(length)))
    }
}
