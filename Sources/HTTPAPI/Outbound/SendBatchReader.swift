import Foundation
import HTTPTypes
import MailgateAPI
import OpenAPIRuntime
import Outbound

/// Reads the items of `POST /v1/messages/batch` one at a time. The spec declares the items loosely so that the
/// generated decoder takes the batch whatever one item holds; each item is then decoded here as the generated
/// `SendRequest` (the one schema of a message, with the same decoder rules: unknown fields refused, the API's
/// times), translated and admitted exactly as a single send. A refusal stays in its item's place, its field a
/// JSON pointer into the batch (`/messages/3/to/0`).
struct SendBatchReader {
    static let maximumItems = 500

    enum Item {
        case submission(OutboundSubmission)
        case refused(APIError)
    }

    var translator: SendRequestTranslator
    var admission: SendAdmission

    func read(_ items: [OpenAPIValueContainer], apiKeyName: String?) throws(APIError) -> [Item] {
        guard !items.isEmpty else { throw APIError.unprocessable("/messages", "give at least one message") }
        guard items.count <= Self.maximumItems else {
            throw APIError.unprocessable(
                "/messages", "\(items.count) messages; at most \(Self.maximumItems) per batch (send the rest in another)")
        }
        return items.enumerated().map { index, value in
            do throws(APIError) {
                let request = try Self.decode(value)
                let submission = try translator.submission(request, apiKeyName: apiKeyName)
                try admission.admit(submission)
                return .submission(submission)
            } catch {
                return .refused(Self.inItem(index, error))
            }
        }
    }

    /// `error` with its field moved under the item: `/to/0` of item 3 is `/messages/3/to/0`.
    static func inItem(_ index: Int, _ error: APIError) -> APIError {
        var moved = error
        moved.field = "/messages/\(index)" + (error.field ?? "")
        return moved
    }

    /// The generated type from the loose value, through JSON as the server's own decoder would read it.
    static func decode(_ value: OpenAPIValueContainer) throws(APIError) -> Components.Schemas.SendRequest {
        do {
            let decoder = JSONDecoder()
            let transcoder = APIDateTranscoder()
            decoder.dateDecodingStrategy = .custom { decoder in
                try transcoder.decode(try decoder.singleValueContainer().decode(String.self))
            }
            return try decoder.decode(Components.Schemas.SendRequest.self, from: JSONEncoder().encode(value))
        } catch let error as DecodingError {
            throw ErrorResponseMiddleware.translate(error)
        } catch {
            throw APIError(status: .badRequest, code: "invalid_request", message: "the message does not match the request schema")
        }
    }
}
