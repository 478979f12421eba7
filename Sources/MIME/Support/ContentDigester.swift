/// Computes the SHA-256 digests of attachments and of the raw message. Hashing is most of the cost of a message
/// with large attachments and this module links no crypto library, so the caller supplies the function: Mailgate
/// passes OpenSSL's (module `Digests`), which uses the CPU's SHA extensions. It must return lowercase hex.
public struct ContentDigester: Sendable {
    public let sha256Hex: @Sendable (UnsafeRawBufferPointer) -> String

    public init(sha256Hex: @escaping @Sendable (UnsafeRawBufferPointer) -> String) {
        self.sha256Hex = sha256Hex
    }

    func hex(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { sha256Hex($0) }
    }
}
