import Foundation
import Logging
import MailModel
import MailgateTestSupport
import Metrics
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Queue
import SMTPProtocol
import ServiceLifecycle
import SMTPServer
import TLS

/// A real Mailgate SMTP listener on 127.0.0.1 with a real SQLite queue, a users file and a self-signed
/// certificate, for tests that drive it with real clients.
final class SMTPTestServer {
    static let user = "alice"
    static let password = "correct horse battery staple"

    let directory: TemporaryDirectory
    let store: any QueueStore
    let certificatePath: String
    let listener: SMTPListener
    let task: Task<Void, any Error>
    let mode: SMTPSessionMode
    private let group: ServiceGroup

    var port: Int { listener.port ?? 0 }

    static func start(
        mode: SMTPSessionMode = .submission, configure: (inout SMTPServerConfiguration) -> Void = { _ in },
        throttle: AuthThrottle.Policy = .init(baseDelay: .milliseconds(1), maximumDelay: .milliseconds(5)),
        listenerSettings: (inout SMTPListenerSettings) -> Void = { _ in }, metrics: (any MetricsFactory)? = nil,
        policy: (any SMTPMailPolicy)? = nil
    ) async throws -> SMTPTestServer {
        let directory = try TemporaryDirectory()
        let store = try await QueueStoreFactory.open(url: "sqlite://\(directory.path)/queue.db")
        let certificate = try SelfSignedCertificate.generate(commonName: "localhost")
        let certificatePath = try directory.write("tls.crt", certificate.certificatePEM)
        let keyPath = try directory.write("tls.key", certificate.privateKeyPEM)
        let tls = try ReloadableTLSContext(configuration: .server(certifiedKey: TLSCertifiedKey(
            certificateChain: .file(certificatePath), privateKey: .file(keyPath))))
        let users = NIOLockedValueBox(UsersFile(hashes: [user: try PasswordHasher.hash(password, scheme: .sha512crypt)]))
        var logger = Logger(label: "test.smtp")
        logger.logLevel = ProcessInfo.processInfo.environment["MAILGATE_TEST_LOG"] == "debug" ? .debug : .warning
        let authenticator = SMTPAuthenticator(users: users, policy: throttle, threadPool: .singleton, logger: logger)
        var session = SMTPServerConfiguration(hostname: "mx.test", mode: mode)
        configure(&session)
        var settings = SMTPListenerSettings(name: "test", address: "127.0.0.1", port: 0, session: session)
        listenerSettings(&settings)
        let listener = SMTPListener(
            settings: settings, sink: QueueMessageSink(store: store, policy: policy), policy: policy, authenticator: authenticator,
            tlsContext: tls,
            logger: logger, metricsFactory: metrics)
        let group = ServiceGroup(services: [listener], logger: logger)
        let task = Task { try await group.run() }
        // Generous: on a loaded 2-core CI machine many suites start their servers at once.
        let deadline = ContinuousClock.now + .seconds(60)
        while listener.port == nil && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        guard listener.port != nil else { throw TestServerError(description: "the test listener did not bind within 60 s") }
        return SMTPTestServer(directory: directory, store: store, certificatePath: certificatePath, listener: listener, task: task, mode: mode, group: group)
    }

    private init(directory: TemporaryDirectory, store: any QueueStore, certificatePath: String, listener: SMTPListener, task: Task<Void, any Error>, mode: SMTPSessionMode, group: ServiceGroup) {
        self.directory = directory
        self.store = store
        self.certificatePath = certificatePath
        self.listener = listener
        self.task = task
        self.mode = mode
        self.group = group
    }

    /// Stops the listener; the store stays open so the test can read what was accepted.
    func stop() async throws {
        await beginShutdown()
        try await task.value
    }

    /// Starts a graceful shutdown and returns at once, so a test can watch sessions drain; `stop()` then
    /// waits for the end.
    func beginShutdown() async {
        await group.triggerGracefulShutdown()
    }

    deinit {
        let store = self.store
        Task { try? await store.close() }
    }

    /// Every message in the queue with its envelope and body, the Received header removed.
    func acceptedMessages() async throws -> [(envelope: Envelope, body: String, received: String)] {
        var result: [(Envelope, String, String)] = []
        for job in try await store.jobs(in: .queued, kind: .inboundDeliver, limit: 1000) {
            guard let message = try await store.message(job.messageID), let body = try await store.messageBody(job.messageID) else { continue }
            let bytes = String(buffer: try await body.collect(upTo: 64 << 20))
            let (received, rest) = Self.splitReceived(bytes)
            result.append((message.envelope, rest, received))
        }
        return result
    }

    static func splitReceived(_ message: String) -> (String, String) {
        guard message.hasPrefix("Received:") else { return ("", message) }
        var index = message.startIndex
        while let lineEnd = message[index...].range(of: "\r\n") {
            index = lineEnd.upperBound
            if index == message.endIndex || (message[index] != " " && message[index] != "\t") { break }
        }
        return (String(message[..<index]), String(message[index...]))
    }
}

struct TestServerError: Error, CustomStringConvertible {
    var description: String
}
