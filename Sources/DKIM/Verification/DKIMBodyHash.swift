import Digests

/// One signature's body hash, fed the canonical body as it is produced: SHA-256 of its first `l=` octets (all of
/// them without `l=`), and the length of the whole canonical body, to report what `l=` leaves unsigned.
///
/// A class: the verification keeps one per signature in an array, and `SHA256Hasher` is non-copyable.
final class DKIMBodyHash {
    let canonicalization: DKIMCanonicalization
    let limit: UInt64?
    private(set) var canonicalLength: UInt64 = 0
    private var hasher: SHA256Hasher? = SHA256Hasher()

    init(canonicalization: DKIMCanonicalization, limit: UInt64?) {
        self.canonicalization = canonicalization
        self.limit = limit
    }

    func update(_ bytes: UnsafeBufferPointer<UInt8>) {
        let hashed = canonicalLength
        canonicalLength += UInt64(bytes.count)
        var take = bytes.count
        if let limit {
            guard hashed < limit else { return }
            take = Int(min(UInt64(bytes.count), limit - hashed))
        }
        hasher?.update(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[..<take])))
    }

    /// The digest; the hash can take no more input after it.
    func finish() -> [UInt8] {
        hasher.take()?.finalize() ?? []
    }
}
