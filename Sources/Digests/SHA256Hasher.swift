import COpenSSL

/// SHA-256 through the system OpenSSL, fed in pieces so that a message streamed to disk or an attachment
/// decoded chunk by chunk never has to be held whole to be hashed.
///
/// A struct holding a C context: copying it would share the context, so it is non-copyable.
public struct SHA256Hasher: ~Copyable {
    private let context: OpaquePointer

    public init() {
        guard let context = EVP_MD_CTX_new(), EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else {
            fatalError("OpenSSL could not start a SHA-256 digest")
        }
        self.context = context
    }

    deinit {
        EVP_MD_CTX_free(context)
    }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        precondition(EVP_DigestUpdate(context, bytes.baseAddress, bytes.count) == 1, "EVP_DigestUpdate failed")
    }

    public mutating func update(_ bytes: some Sequence<UInt8>) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
        if done == nil { Array(bytes).withUnsafeBytes { update($0) } }
    }

    /// The digest; the hasher is consumed.
    public consuming func finalize() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        precondition(EVP_DigestFinal_ex(context, &digest, &length) == 1, "EVP_DigestFinal_ex failed")
        return Array(digest.prefix(Int(length)))
    }

    /// The digest of one buffer, as lowercase hex.
    public static func hex(_ bytes: UnsafeRawBufferPointer) -> String {
        var hasher = SHA256Hasher()
        hasher.update(bytes)
        return Hex.encode(hasher.finalize())
    }

    /// The digest of one buffer, as lowercase hex.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        Hex.encode(digest(bytes))
    }

    /// The digest of one buffer.
    public static func digest(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var hasher = SHA256Hasher()
        hasher.update(bytes)
        return hasher.finalize()
    }
}
