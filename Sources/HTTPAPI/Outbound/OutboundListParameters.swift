import Hummingbird
import MailgateAPI
import Outbound
import Queue

/// Checks what the generated decoder of `GET /v1/messages` does not (ranges, the order of `since` and
/// `until`, the cursor's form), naming the parameter at fault.
enum OutboundListParameters {
    /// The generated decoder's refusals do not say which parameter they are about; when it refuses, the raw
    /// query is read again here to name it.
    static func syntaxRefusal(_ parameters: Parameters) -> APIError? {
        if let status = parameters.get("status"), RecipientStatus(rawValue: status) == nil {
            return .invalidParameter("status", "must be one of \(RecipientStatus.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        for name in ["since", "until"] {
            guard let text = parameters.get(name) else { continue }
            if (try? APIDateTranscoder().decode(text)) == nil {
                return .invalidParameter(name, "not an ISO 8601 date and time (e.g. 2026-11-22T02:56:45Z)")
            }
        }
        if let limit = parameters.get("limit"), Int(limit) == nil {
            return .invalidParameter("limit", "must be an integer from 1 to \(OutboundListQuery.maximumLimit)")
        }
        return nil
    }

    static func query(_ parameters: Operations.ListMessages.Input.Query) throws(APIError) -> OutboundListQuery {
        var query = OutboundListQuery()
        query.status = parameters.status.flatMap { RecipientStatus(rawValue: $0.rawValue) }
        // The lengths of the spec (a tag is at most what a send may carry).
        for (name, value, maximum) in [("recipient", parameters.recipient, 1024), ("tag", parameters.tag, 128)] {
            guard let value else { continue }
            guard !value.isEmpty, value.unicodeScalars.count <= maximum else {
                throw .invalidParameter(name, "must be 1 to \(maximum) characters")
            }
        }
        query.recipient = parameters.recipient
        query.tag = parameters.tag
        query.since = parameters.since
        query.until = parameters.until
        if let since = query.since, let until = query.until, until < since {
            throw .invalidParameter("until", "must not be before since")
        }
        if let limit = parameters.limit {
            guard (1...OutboundListQuery.maximumLimit).contains(limit) else {
                throw .invalidParameter("limit", "must be an integer from 1 to \(OutboundListQuery.maximumLimit)")
            }
            query.limit = limit
        }
        if let cursor = parameters.cursor {
            // A cursor is a message id: time-ordered, letters, digits and hyphens.
            guard !cursor.isEmpty, cursor.count <= 128, cursor.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
                throw .invalidParameter("cursor", "not a cursor from a previous page")
            }
            query.cursor = MessageID(cursor)
        }
        return query
    }
}
