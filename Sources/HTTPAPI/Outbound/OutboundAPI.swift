import Foundation
import HTTPTypes
import MailgateAPI
import OpenAPIRuntime
import Outbound
import Queue

/// The send API (`/v1/messages`), serving the operations generated from `OpenAPI/openapi.yaml`. Refusals are
/// thrown as `APIError` so that every error, generated route or not, has the one error body.
struct OutboundAPI: APIProtocol {
    let service: (any OutboundMessageService)?
    let hostname: String
    let now: @Sendable () -> Date
    var admission = SendAdmission()

    func sendMessage(_ input: Operations.SendMessage.Input) async throws -> Operations.SendMessage.Output {
        let service = try available()
        guard case .json(let request) = input.body else {
            throw APIError(status: .unsupportedMediaType, code: "unsupported_media_type", message: "send application/json")
        }
        let translator = SendRequestTranslator(hostname: hostname, now: now())
        let submission = try translator.submission(request, apiKeyName: APICaller.keyName)
        try admission.admit(submission)
        let claim = ClaimedIdempotencyKey.current
        let receipt: OutboundReceipt
        do {
            receipt = try await service.send(submission, answer: claim.map(Self.acceptedAnswer))
        } catch let refusal as OutboundRefusal {
            throw Self.apiError(refusal)
        }
        claim?.markRecorded()
        return .accepted(.init(body: .json(Self.receipt(receipt))))
    }

    /// Every item is read and admitted alone; the accepted ones are committed together with the answer, which is
    /// 200 whatever the items' fates (docs/http-api.md, batches).
    func sendMessageBatch(_ input: Operations.SendMessageBatch.Input) async throws -> Operations.SendMessageBatch.Output {
        let service = try available()
        guard case .json(let request) = input.body else {
            throw APIError(status: .unsupportedMediaType, code: "unsupported_media_type", message: "send application/json")
        }
        let reader = SendBatchReader(translator: SendRequestTranslator(hostname: hostname, now: now()), admission: admission)
        let items = try reader.read(request.messages, apiKeyName: APICaller.keyName)
        let submissions = items.compactMap { item -> OutboundSubmission? in
            if case .submission(let submission) = item { return submission }
            return nil
        }
        let requestID = RequestIDMiddleware.current ?? "-"
        let claim = ClaimedIdempotencyKey.current
        let answer = claim.map { claim in
            OutboundAnswerRecord<[OutboundSubmitter.BatchOutcome]>(scope: claim.scope, key: claim.key, status: 200) { outcomes in
                Array(try JSONResponse.encode(Self.batchResult(items, outcomes: outcomes, requestID: requestID)))
            }
        }
        let outcomes = try await service.send(batch: submissions, answer: answer)
        claim?.markRecorded()
        return .ok(.init(body: .json(Self.batchResult(items, outcomes: outcomes, requestID: requestID))))
    }

    /// The message is read strictly (`RawMessage`) before anything is counted against the key.
    func sendRawMessage(_ input: Operations.SendRawMessage.Input) async throws -> Operations.SendRawMessage.Output {
        let service = try available()
        guard case .messageRfc822(let body) = input.body else {
            throw APIError(status: .unsupportedMediaType, code: "unsupported_media_type", message: "send message/rfc822")
        }
        // The generated decoder does not hold the parameter to the spec's maxItems.
        if let rcptTo = input.query.rcptTo, rcptTo.count > Self.maximumRawRecipientParameters {
            throw APIError.unprocessable(
                "rcpt_to", "\(rcptTo.count) rcpt_to parameters; at most \(Self.maximumRawRecipientParameters) (put more in To, Cc or Bcc)")
        }
        // The size limit middleware has already bounded the body.
        let bytes = try await [UInt8](collecting: body, upTo: .max)
        let message: RawMessage
        do {
            message = try RawMessage(bytes)
        } catch {
            throw Self.apiError(error)
        }
        let submission = RawSubmission(
            message: message, envelopeMailFrom: input.query.mailFrom, envelopeRecipients: input.query.rcptTo,
            hostname: hostname, apiKeyName: APICaller.keyName)
        try admission.admit(submission)
        let claim = ClaimedIdempotencyKey.current
        let receipt: OutboundReceipt
        do {
            receipt = try await service.send(raw: submission, answer: claim.map(Self.acceptedAnswer))
        } catch let refusal as OutboundRefusal {
            throw Self.apiError(refusal)
        }
        claim?.markRecorded()
        return .accepted(.init(body: .json(Self.receipt(receipt))))
    }

    /// The spec's `maxItems` of `rcpt_to`: what fits in a URL the HTTP server takes.
    static let maximumRawRecipientParameters = 20

    func listMessages(_ input: Operations.ListMessages.Input) async throws -> Operations.ListMessages.Output {
        let query = try OutboundListParameters.query(input.query)
        let page = try await available().list(query)
        return .ok(.init(body: .json(.init(messages: page.messages.map(Self.message), nextCursor: page.nextCursor))))
    }

    /// The 202 answer recorded for `claim` in the message's own transaction, replayed on a retry.
    static func acceptedAnswer(_ claim: ClaimedIdempotencyKey) -> OutboundAnswerRecord<OutboundReceipt> {
        OutboundAnswerRecord(scope: claim.scope, key: claim.key, status: 202) { receipt in
            Array(try JSONResponse.encode(Self.receipt(receipt)))
        }
    }

    func getMessage(_ input: Operations.GetMessage.Input) async throws -> Operations.GetMessage.Output {
        guard let report = try await available().report(id: input.path.id) else { throw Self.noSuchMessage(input.path.id) }
        return .ok(.init(body: .json(Self.message(report))))
    }

    func cancelMessage(_ input: Operations.CancelMessage.Input) async throws -> Operations.CancelMessage.Output {
        switch try await available().cancel(id: input.path.id) {
        case .canceled(let report):
            return .ok(.init(body: .json(Self.message(report))))
        case .notFound:
            throw Self.noSuchMessage(input.path.id)
        case .tooLate:
            throw APIError.conflict("not_cancelable", "an attempt has started or every recipient has ended; only a message not yet attempted can be canceled")
        }
    }

    func getMessageRaw(_ input: Operations.GetMessageRaw.Input) async throws -> Operations.GetMessageRaw.Output {
        guard let raw = try await available().raw(id: input.path.id) else { throw Self.noSuchMessage(input.path.id) }
        return .ok(.init(body: .messageRfc822(HTTPBody(raw))))
    }

    private func available() throws(APIError) -> any OutboundMessageService {
        guard let service else { throw .unavailable("the send API is not available on this instance") }
        return service
    }

    static func noSuchMessage(_ id: String) -> APIError {
        .notFound("no sent message with id \"\(id)\"")
    }

    static func apiError(_ refusal: OutboundRefusal) -> APIError {
        switch refusal.kind {
        case .unprocessable:
            return .unprocessable(refusal.field, refusal.message)
        case .tooLarge:
            return APIError(status: .contentTooLarge, code: "payload_too_large", message: refusal.message, field: refusal.field)
        case .forbidden:
            return APIError(status: .forbidden, code: "forbidden", message: refusal.message, field: refusal.field)
        }
    }

    /// The items in their order: a refused one's error where it was read, an accepted one's outcome (receipt or
    /// the domain's refusal) from `outcomes`, which holds one per accepted item in the same order.
    static func batchResult(
        _ items: [SendBatchReader.Item], outcomes: [OutboundSubmitter.BatchOutcome], requestID: String
    ) -> Components.Schemas.SendBatchResult {
        var accepted = outcomes.makeIterator()
        let results = items.enumerated().map { index, item -> Components.Schemas.SendBatchItemResult in
            let refusal: APIError
            switch item {
            case .refused(let error):
                refusal = error
            case .submission:
                switch accepted.next() {
                case .success(let receipt):
                    return .SendReceipt(Self.receipt(receipt))
                case .failure(let domainRefusal):
                    refusal = SendBatchReader.inItem(index, Self.apiError(domainRefusal))
                case nil:
                    refusal = .internalError
                }
            }
            return ._Error(.init(error: .init(code: refusal.code, message: refusal.message, field: refusal.field, requestId: requestID)))
        }
        return Components.Schemas.SendBatchResult(results: results)
    }

    static func receipt(_ receipt: OutboundReceipt) -> Components.Schemas.SendReceipt {
        Components.Schemas.SendReceipt(
            id: receipt.id.rawValue, messageId: receipt.messageID, sendAt: receipt.sendAt,
            recipients: receipt.recipients.map {
                .init(address: $0.address, status: Components.Schemas.RecipientStatus(rawValue: $0.status.rawValue) ?? .queued)
            })
    }

    static func message(_ report: OutboundMessageReport) -> Components.Schemas.OutboundMessage {
        Components.Schemas.OutboundMessage(
            id: report.id.rawValue, messageId: report.messageID, mailFrom: report.mailFrom, createdAt: report.createdAt,
            sendAt: report.sendAt, attempts: report.attempts, tags: report.tags,
            metadata: .init(additionalProperties: report.metadata),
            recipients: report.recipients.map { state in
                Components.Schemas.OutboundRecipient(
                    address: state.address,
                    status: Components.Schemas.RecipientStatus(rawValue: state.status.rawValue) ?? .queued,
                    reply: state.reply.flatMap { reply in
                        reply.code.map {
                            Components.Schemas.UpstreamReply(code: $0, enhancedCode: reply.enhancedCode, text: reply.text)
                        }
                    },
                    upstream: state.reply?.upstream, updatedAt: state.updatedAt)
            },
            events: report.events.map {
                Components.Schemas.OutboundEvent(_type: $0.type.rawValue, recipient: $0.recipient, detail: $0.detail, at: $0.at)
            })
    }
}
