import Foundation
import MailgateAPI
import Outbound

/// `mailgate build`: the message a send request would produce, built by exactly the code the API runs, with
/// nothing stored. The twin of `mailgate parse`.
public enum SendRequestPreview {
    public struct Refusal: Error, CustomStringConvertible {
        public var description: String
    }

    public static func build(json: Data, hostname: String, now: Date = Date()) throws(Refusal) -> [UInt8] {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            try APIDateTranscoder().decode(try decoder.singleValueContainer().decode(String.self))
        }
        let request: Components.Schemas.SendRequest
        do {
            request = try decoder.decode(Components.Schemas.SendRequest.self, from: json)
        } catch let error as DecodingError {
            throw Refusal(description: "\(error.jsonPointer.isEmpty ? "the request" : error.jsonPointer): \(Self.detail(error))")
        } catch {
            throw Refusal(description: "the request: \(error)")
        }
        do {
            let submission = try SendRequestTranslator(hostname: hostname, now: now).submission(request, apiKeyName: nil)
            return try OutboundPreparer().prepare(submission, now: now).bytes
        } catch let error as APIError {
            throw Refusal(description: "\(error.field ?? "the request"): \(error.message)")
        } catch let refusal as OutboundRefusal {
            throw Refusal(description: refusal.description)
        } catch {
            throw Refusal(description: "\(error)")
        }
    }

    private static func detail(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty: "not valid JSON"
        case .dataCorrupted(let context), .typeMismatch(_, let context), .valueNotFound(_, let context): context.debugDescription
        case .keyNotFound(let key, _): "\(key.stringValue) is required"
        @unknown default: "does not match the request schema"
        }
    }
}
