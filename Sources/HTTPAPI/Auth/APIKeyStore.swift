import Synchronization

/// The API keys in force, replaced as a whole when the keys file is reloaded (SIGHUP).
public final class APIKeyStore: Sendable {
    private let current: Mutex<APIKeysFile>

    public init(_ keys: APIKeysFile) {
        current = Mutex(keys)
    }

    public var keys: APIKeysFile {
        current.withLock { $0 }
    }

    public func replace(with keys: APIKeysFile) {
        current.withLock { $0 = keys }
    }
}
