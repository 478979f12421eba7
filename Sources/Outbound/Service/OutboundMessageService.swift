import Queue

/// What the send API needs from the outbound domain. The HTTP layer decodes and encodes; this decides.
public protocol OutboundMessageService: Sendable {
    /// Builds and commits; returns once durable. Throws `OutboundRefusal` for a request it cannot take.
    /// With `answer`, the rendered answer is recorded in the message's own transaction.
    func send(_ submission: OutboundSubmission, answer: OutboundAnswerRecord<OutboundReceipt>?) async throws -> OutboundReceipt
    /// A message sent as is; the same rules as `send`.
    func send(raw: RawSubmission, answer: OutboundAnswerRecord<OutboundReceipt>?) async throws -> OutboundReceipt
    /// Each submission prepared alone (a refused one is an outcome, in its place); the accepted ones committed in
    /// one transaction with the answer before this returns. Throws only when nothing could be committed.
    func send(
        batch: [OutboundSubmission], answer: OutboundAnswerRecord<[OutboundSubmitter.BatchOutcome]>?
    ) async throws -> [OutboundSubmitter.BatchOutcome]
    func report(id: String) async throws -> OutboundMessageReport?
    /// Sent messages newest first, each as `report(id:)` gives it.
    func list(_ query: OutboundListQuery) async throws -> OutboundListPage
    /// The stored bytes, exactly as relayed.
    func raw(id: String) async throws -> [UInt8]?
    func cancel(id: String) async throws -> OutboundCancellation
}

extension OutboundMessageService {
    public func send(_ submission: OutboundSubmission) async throws -> OutboundReceipt {
        try await send(submission, answer: nil)
    }
}
