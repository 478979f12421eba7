import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Queue
import SMTPProtocol

/// Checks SMTP credentials against the users file: the slow crypt(3) call runs on a thread pool, never
/// on an event loop, and every answer is paced by `AuthThrottle`.
public final class SMTPAuthenticator: Sendable {
    private let users: NIOLockedValueBox<UsersFile>
    private let throttle: NIOLockedValueBox<AuthThrottle>
    private let threadPool: NIOThreadPool
    private let logger: Logger

    public init(users: NIOLockedValueBox<UsersFile>, policy: AuthThrottle.Policy = .init(), threadPool: NIOThreadPool, logger: Logger) {
        self.users = users
        self.throttle = NIOLockedValueBox(AuthThrottle(policy: policy))
        self.threadPool = threadPool
        self.logger = logger
    }

    public func verify(_ credentials: SMTPCredentials, remoteIP: String, on eventLoop: any EventLoop) -> EventLoopFuture<SMTPAuthResult> {
        let keys = throttle.withLockedValue { $0.keys(user: credentials.username, remoteIP: remoteIP) }
        // Counted before the check: a parallel connection sees this attempt at once.
        let verdict = throttle.withLockedValue { $0.beginAttempt(keys, now: .now) }
        let delay: Duration
        switch verdict {
        case .lockedOut:
            logger.warning("AUTH refused: locked out after repeated failures", metadata: ["remote_ip": "\(remoteIP)", "user": "\(credentials.username)"])
            return eventLoop.makeSucceededFuture(.lockedOut)
        case .proceed(let wait):
            delay = wait
        }
        // An authorization identity other than the user's own would be acting as someone else.
        if let identity = credentials.authorizationIdentity, !identity.isEmpty, identity != credentials.username {
            return finish(.invalidCredentials, keys: keys, user: credentials.username, remoteIP: remoteIP, delay: delay, eventLoop: eventLoop)
        }
        let storedHash = users.withLockedValue { $0.hashes[credentials.username] }
        return threadPool.runIfActive(eventLoop: eventLoop) {
            // An unknown user costs the same crypt(3) call as a known one, so timing does not reveal users.
            PasswordHasher.verify(credentials.password, against: storedHash ?? Self.decoyHash)
                && storedHash != nil
        }.flatMap { matched in
            self.finish(matched ? .success(username: credentials.username) : .invalidCredentials,
                        keys: keys, user: credentials.username, remoteIP: remoteIP, delay: delay, eventLoop: eventLoop)
        }.flatMapErrorThrowing { _ in .temporaryFailure }
    }

    private func finish(
        _ result: SMTPAuthResult, keys: AuthThrottle.Keys, user: String, remoteIP: String, delay: Duration, eventLoop: any EventLoop
    ) -> EventLoopFuture<SMTPAuthResult> {
        if case .success = result {
            throttle.withLockedValue { $0.attemptSucceeded(keys) }
        }
        if case .invalidCredentials = result {
            logger.notice("AUTH failed", metadata: ["remote_ip": "\(remoteIP)", "user": "\(user)"])
        }
        guard delay > .zero else { return eventLoop.makeSucceededFuture(result) }
        return eventLoop.scheduleTask(in: .nanoseconds(delay.nanoseconds)) { result }.futureResult
    }

    /// A valid yescrypt hash of a random password nobody knows.
    static let decoyHash = (try? PasswordHasher.hash(String(UInt64.random(in: .min ... .max)))) ?? "*"
}
