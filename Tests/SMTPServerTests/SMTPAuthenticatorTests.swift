import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import SMTPProtocol
import SMTPServer
import Testing

/// The authenticator with the real password check on the thread pool.
@Suite struct SMTPAuthenticatorTests {
    /// Eight connections send a wrong password at once, all before the first check has answered: with the
    /// attempt counted only after the check, every one of them got its guess; counted before, only the
    /// threshold's worth do and the rest are locked out.
    @Test func parallelGuessesGetNoMoreThanTheThreshold() async throws {
        let users = NIOLockedValueBox(UsersFile(hashes: ["alice": try PasswordHasher.hash("right", scheme: .sha512crypt)]))
        let authenticator = SMTPAuthenticator(
            users: users, policy: AuthThrottle.Policy(baseDelay: .milliseconds(1), maximumDelay: .milliseconds(2), lockoutThreshold: 3),
            threadPool: .singleton, logger: Logger(label: "test"))
        let eventLoop = MultiThreadedEventLoopGroup.singleton.next()
        let futures = (0..<8).map { index in
            authenticator.verify(
                SMTPCredentials(mechanism: .plain, username: "alice", password: "guess\(index)"), remoteIP: "192.0.2.\(index + 1)", on: eventLoop)
        }
        var results: [SMTPAuthResult] = []
        for future in futures { results.append(try await future.get()) }
        #expect(results.filter { $0 == .invalidCredentials }.count == 3)
        #expect(results.filter { $0 == .lockedOut }.count == 5)
    }
}
