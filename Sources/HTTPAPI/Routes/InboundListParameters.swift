import Hummingbird

/// Reads the query string of `GET /v1/inbound/messages` into an `InboundListQuery`, naming the
/// parameter at fault. Unknown and repeated parameters are refused: a misspelt filter silently
/// ignored would return every message.
enum InboundListParameters {
    static let names = ["recipient", "sender", "since", "until", "status", "limit", "cursor"]
    static let maximumLength = 1024

    static func query(from parameters: Parameters) throws(APIError) -> InboundListQuery {
        var seen: Set<Substring> = []
        for (name, value) in parameters {
            guard names.contains(String(name)) else {
                throw .invalidParameter(String(name), "unknown query parameter (known: \(names.joined(separator: ", ")))")
            }
            guard seen.insert(name).inserted else { throw .invalidParameter(String(name), "given more than once") }
            guard value.utf8.count <= maximumLength else {
                throw .invalidParameter(String(name), "longer than \(maximumLength) bytes")
            }
        }
        func value(_ name: String) -> String? { parameters.get(name) }

        var query = InboundListQuery()
        if let recipient = value("recipient") {
            guard !recipient.isEmpty else { throw .invalidParameter("recipient", "must not be empty") }
            query.recipient = recipient
        }
        // Empty is meaningful: the null reverse path `<>` of bounces.
        query.sender = value("sender")
        for name in ["since", "until"] {
            guard let text = value(name) else { continue }
            guard let date = APITimestamp.parse(text) else {
                throw .invalidParameter(name, "not an ISO 8601 date and time (e.g. 2026-11-22T02:56:45Z)")
            }
            if name == "since" { query.since = date } else { query.until = date }
        }
        if let since = query.since, let until = query.until, until < since {
            throw .invalidParameter("until", "must not be before since")
        }
        if let text = value("status") {
            guard let status = InboundMessageStatus(rawValue: text) else {
                throw .invalidParameter(
                    "status", "must be one of \(InboundMessageStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            query.status = status
        }
        if let text = value("limit") {
            guard let limit = Int(text), (1...InboundListQuery.maximumLimit).contains(limit) else {
                throw .invalidParameter("limit", "must be an integer from 1 to \(InboundListQuery.maximumLimit)")
            }
            query.limit = limit
        }
        if let cursor = value("cursor") {
            guard !cursor.isEmpty else { throw .invalidParameter("cursor", "must not be empty") }
            query.cursor = cursor
        }
        return query
    }
}
