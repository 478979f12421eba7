import Synchronization

/// The SMTP users in force, replaced as a whole when the users file is reloaded (SIGHUP).
public final class UserStore: Sendable {
    private let current: Mutex<UsersFile>

    public init(_ users: UsersFile) {
        current = Mutex(users)
    }

    public var users: UsersFile {
        current.withLock { $0 }
    }

    public func replace(with users: UsersFile) {
        current.withLock { $0 = users }
    }
}
