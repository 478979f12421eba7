import Synchronization

/// Public keys already loaded, by key record: loading an RSA key through OpenSSL 3's decoders costs ten times its
/// verification, and the same few keys sign most mail. One cache serves every verification of a process (the
/// resolver caches the TXT records; this caches what they decode to). Bounded: when full it starts again empty,
/// which costs one load per key and keeps no key a record no longer publishes for long.
public final class DKIMKeyCache: Sendable {
    private struct Entry: Hashable {
        var algorithm: DKIMAlgorithm
        var publicKey: [UInt8]
    }

    public let capacity: Int
    private let keys = Mutex<[Entry: DKIMPublicKey]>([:])

    public init(capacity: Int = 1024) {
        self.capacity = capacity
    }

    /// How many keys are held.
    var count: Int { keys.withLock { $0.count } }

    /// The key for `publicKey` (a record's decoded `p=`), loaded once; nil when it is not a key of its type.
    func key(_ publicKey: [UInt8], algorithm: DKIMAlgorithm) -> DKIMPublicKey? {
        let entry = Entry(algorithm: algorithm, publicKey: publicKey)
        if let cached = keys.withLock({ $0[entry] }) { return cached }
        guard let loaded = DKIMPublicKey(publicKey, algorithm: algorithm) else { return nil }
        keys.withLock { keys in
            if keys.count >= capacity { keys.removeAll(keepingCapacity: true) }
            keys[entry] = loaded
        }
        return loaded
    }
}
