import Foundation
import MailModel
import NIOCore
import Queue

enum Fixtures {
    static let start = Date(timeIntervalSince1970: 1_767_225_600)

    static func envelope(recipients: [String] = ["a@example.com"], size: Int = 0) -> Envelope {
        Envelope(
            mailFrom: "sender@example.org", rcptTo: recipients, helo: "client.example.org", remoteIP: "192.0.2.7",
            tls: TLSParameters(version: "TLSv1.3", cipher: "TLS_AES_128_GCM_SHA256"), authUser: "app", size: size,
            receivedAt: start)
    }

    static func body(size: Int, seed: UInt8 = 0) -> [UInt8] {
        (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed)) }
    }

    /// Commits a small message with one job per spec.
    @discardableResult
    static func enqueue(
        _ store: any QueueStore, kind: JobKind = .inboundDeliver, jobs: Int = 1, size: Int = 512,
        notBefore: Date? = nil
    ) async throws -> CommittedMessage {
        let specs = (0..<jobs).map { index in
            JobSpec(kind: kind, recipients: ["r\(index)@example.com"], payload: Array("job \(index)".utf8), notBefore: notBefore)
        }
        return try await store.enqueue(
            message: ByteBuffer(bytes: body(size: size)), envelope: envelope(size: size), jobs: specs)
    }
}
