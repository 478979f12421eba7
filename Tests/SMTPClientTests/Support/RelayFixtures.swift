import NIOCore
import SMTPClient
import SMTPProtocol
import Synchronization

/// Envelopes, bodies and clients shared by the relay tests.
enum RelayFixtures {
    static let shortTimeouts = SMTPClientTimeouts(
        connect: .seconds(10), greeting: .seconds(10), mail: .seconds(10), rcpt: .seconds(10), dataInitiation: .seconds(10),
        dataBlock: .seconds(10), dataTermination: .seconds(10))

    static func configuration(
        timeouts: SMTPClientTimeouts = shortTimeouts, pool: SMTPConnectionPoolConfiguration = SMTPConnectionPoolConfiguration()
    ) -> SMTPRelayClientConfiguration {
        SMTPRelayClientConfiguration(heloName: "relay.mailgate.test", timeouts: timeouts, pool: pool, circuitBackOff: .seconds(30))
    }

    static func message(_ recipients: [String], from sender: String = "app@example.com", body: SMTPBodyType? = nil) -> SMTPClientMessage {
        func mailbox(_ address: String) -> SMTPMailbox {
            let parts = address.split(separator: "@", maxSplits: 1)
            return SMTPMailbox(localPart: String(parts[0]), domain: String(parts[1]))
        }
        return SMTPClientMessage(
            mailFrom: .mailbox(mailbox(sender)), parameters: SMTPMailParameters(body: body),
            recipients: recipients.map { SMTPEnvelopeRecipient(path: .mailbox(mailbox($0))) })
    }

    static let text = "From: app@example.com\r\nTo: ok@dest.test\r\nSubject: relay test\r\n\r\nHello.\r\n.A line that starts with a dot\r\nBye.\r\n"

    /// The message in chunks of `chunkSize` bytes; `read` records whether anything asked for it.
    static func body(_ text: String = text, chunkSize: Int = 16, read: BodyReadFlag? = nil) -> AsyncThrowingStream<ByteBuffer, any Error> {
        let bytes = Array(text.utf8)
        let cursor = Cursor()
        return AsyncThrowingStream(unfolding: {
            read?.mark()
            return cursor.offset.withLock { offset -> ByteBuffer? in
                guard offset < bytes.count else { return nil }
                let end = min(offset + chunkSize, bytes.count)
                defer { offset = end }
                return ByteBuffer(bytes: bytes[offset..<end])
            }
        })
    }

    static func codes(_ result: SMTPRelayResult) -> [Int] {
        guard case .replied(let report) = result else { return [] }
        return report.results.map(\.reply.code)
    }

    static func failure(_ result: SMTPRelayResult) -> SMTPRelayFailure? {
        guard case .failed(let failure) = result else { return nil }
        return failure
    }
}

private final class Cursor: Sendable {
    let offset = Mutex<Int>(0)
}

final class BodyReadFlag: Sendable {
    private let value = Atomic<Bool>(false)
    func mark() { self.value.store(true, ordering: .relaxed) }
    var wasRead: Bool { self.value.load(ordering: .relaxed) }
}

/// A clock the test moves by hand, for the circuit breaker's back-off.
final class ManualClock: Sendable {
    private let offset = Mutex<Duration>(.zero)
    private let start = ContinuousClock.now
    func advance(by duration: Duration) { self.offset.withLock { $0 += duration } }
    var now: ContinuousClock.Instant { self.start + self.offset.withLock { $0 } }
}
