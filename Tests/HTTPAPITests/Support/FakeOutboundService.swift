import Foundation
import MIME
import NIOConcurrencyHelpers
import Outbound
import Queue

/// Records what the send API hands the domain and answers from fixed values, so the HTTP mapping is tested
/// without a store.
final class FakeOutboundService: OutboundMessageService {
    let submissions = NIOLockedValueBox<[OutboundSubmission]>([])
    let listQueries = NIOLockedValueBox<[OutboundListQuery]>([])
    let refusal: OutboundRefusal?
    let reports: [String: OutboundMessageReport]

    init(refusal: OutboundRefusal? = nil, reports: [String: OutboundMessageReport] = [:]) {
        self.refusal = refusal
        self.reports = reports
    }

    let rawSubmissions = NIOLockedValueBox<[RawSubmission]>([])

    func send(_ submission: OutboundSubmission, answer: OutboundAnswerRecord<OutboundReceipt>?) async throws -> OutboundReceipt {
        if let refusal { throw refusal }
        submissions.withLockedValue { $0.append(submission) }
        let recipients = (submission.draft.to + submission.draft.cc + submission.bcc).map(\.address)
        return OutboundReceipt(id: MessageID("m-1"), messageID: submission.draft.messageID, sendAt: submission.sendAt, envelopeRecipients: recipients)
    }

    func send(raw: RawSubmission, answer: OutboundAnswerRecord<OutboundReceipt>?) async throws -> OutboundReceipt {
        if let refusal { throw refusal }
        rawSubmissions.withLockedValue { $0.append(raw) }
        let recipients = raw.envelopeRecipients ?? raw.message.headerRecipients.map(\.address)
        return OutboundReceipt(id: MessageID("m-raw"), messageID: raw.message.header.messageID ?? "raw@example.com", sendAt: nil, envelopeRecipients: recipients)
    }

    /// Every item is answered as `send` would; the accepted ones get ids `m-1`, `m-2`...
    func send(
        batch: [OutboundSubmission], answer: OutboundAnswerRecord<[OutboundSubmitter.BatchOutcome]>?
    ) async throws -> [OutboundSubmitter.BatchOutcome] {
        var outcomes: [OutboundSubmitter.BatchOutcome] = []
        for (index, submission) in batch.enumerated() {
            do {
                var receipt = try await send(submission, answer: nil)
                receipt.id = MessageID("m-\(index + 1)")
                outcomes.append(.success(receipt))
            } catch let refusal as OutboundRefusal {
                outcomes.append(.failure(refusal))
            }
        }
        return outcomes
    }

    func report(id: String) async throws -> OutboundMessageReport? { reports[id] }

    func list(_ query: OutboundListQuery) async throws -> OutboundListPage {
        listQueries.withLockedValue { $0.append(query) }
        let page = reports.values.sorted { $0.id.rawValue > $1.id.rawValue }.prefix(query.limit)
        return OutboundListPage(messages: Array(page), nextCursor: page.count == query.limit ? page.last?.id.rawValue : nil)
    }

    func raw(id: String) async throws -> [UInt8]? { reports[id] == nil ? nil : Array("Subject: x\r\n\r\nbody\r\n".utf8) }

    func cancel(id: String) async throws -> OutboundCancellation {
        guard let report = reports[id] else { return .notFound }
        return .tooLate(report)
    }
}
