import Hummingbird

/// An error the API answers with: a real HTTP status and the body
/// `{"error":{"code","message","field","request_id"}}` (DESIGN.md, wire contracts). Handlers and
/// middleware throw it; `ErrorResponseMiddleware` writes it.
struct APIError: Error, Sendable, Equatable {
    var status: HTTPResponse.Status
    /// Stable and machine-readable: clients branch on it, not on `message`.
    var code: String
    var message: String
    /// The request parameter at fault, when there is one.
    var field: String?
    var headers: HTTPFields = [:]

    static func invalidParameter(_ field: String, _ message: String) -> APIError {
        APIError(status: .badRequest, code: "invalid_parameter", message: message, field: field)
    }

    /// Well-formed but not acceptable: `field` is a JSON pointer into the request body.
    static func unprocessable(_ field: String?, _ message: String) -> APIError {
        APIError(status: .unprocessableContent, code: "unprocessable", message: message, field: field)
    }

    static func conflict(_ code: String, _ message: String) -> APIError {
        APIError(status: .conflict, code: code, message: message)
    }

    static func notFound(_ message: String) -> APIError {
        APIError(status: .notFound, code: "not_found", message: message)
    }

    /// RFC 6750 section 3: a 401 names the scheme, and says why when a token was presented.
    static func unauthorized(_ message: String, invalidToken: Bool) -> APIError {
        let challenge = invalidToken ? #"Bearer realm="mailgate", error="invalid_token""# : #"Bearer realm="mailgate""#
        return APIError(status: .unauthorized, code: "unauthorized", message: message, headers: [.wwwAuthenticate: challenge])
    }

    static func forbidden(missing scope: APIScope) -> APIError {
        APIError(
            status: .forbidden, code: "forbidden", message: "this API key lacks the scope \(scope.rawValue)",
            headers: [.wwwAuthenticate: #"Bearer realm="mailgate", error="insufficient_scope", scope="\#(scope.rawValue)""#])
    }

    static func unavailable(_ message: String) -> APIError {
        APIError(status: .serviceUnavailable, code: "unavailable", message: message)
    }

    /// The detail of an unexpected error goes to the log, never to the client.
    static let internalError = APIError(
        status: .internalServerError, code: "internal_error", message: "the request failed on the server; see its log for the request id")
}
