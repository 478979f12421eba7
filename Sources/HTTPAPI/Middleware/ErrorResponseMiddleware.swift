import Hummingbird
import Logging
import MailgateAPI
import OpenAPIRuntime

/// Turns whatever a handler throws into the API's error body with a real status. Errors the API
/// did not anticipate are logged here, once, with their detail, and answered with a generic 500 so
/// that no internal text (paths, SQL, addresses) reaches the client.
struct ErrorResponseMiddleware: RouterMiddleware {
    func handle(
        _ request: Request, context: APIRequestContext, next: (Request, APIRequestContext) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return try Self.response(error, context: context)
        } catch let error as ServerError {
            if error.operationID == "listMessages", let refusal = OutboundListParameters.syntaxRefusal(request.uri.queryParameters) {
                return try Self.response(refusal, context: context)
            }
            if let translated = Self.translate(error) {
                return try Self.response(translated, context: context)
            }
            context.logger.error(
                "request failed",
                metadata: [
                    "method": "\(request.method.rawValue)", "path": "\(request.uri.path)",
                    "operation": "\(error.operationID)", "error": "\(String(reflecting: error.underlyingError))",
                ])
            return try Self.response(.internalError, context: context)
        } catch let error as any HTTPResponseError {
            return try Self.response(Self.translate(error, request: request), context: context)
        } catch {
            context.logger.error(
                "request failed",
                metadata: [
                    "method": "\(request.method.rawValue)", "path": "\(request.uri.path)",
                    "error": "\(String(reflecting: error))",
                ])
            return try Self.response(.internalError, context: context)
        }
    }

    static func response(_ error: APIError, context: APIRequestContext) throws -> Response {
        // A refusal of the client's request is logged here, once, with what the client was told (500s are
        // logged with their cause where they are caught).
        if (400..<500).contains(error.status.code) {
            var metadata: Logger.Metadata = ["status": "\(error.status.code)", "code": "\(error.code)"]
            if let field = error.field { metadata["field"] = "\(field)" }
            context.logger.info("request refused", metadata: metadata)
        }
        var response = try JSONResponse.make(APIErrorBody(error, requestID: context.requestID), status: error.status)
        response.headers.append(contentsOf: error.headers)
        return response
    }

    /// The generated operations' errors: what a handler threw, or what decoding the request refused (malformed
    /// JSON, a wrong type, an unknown field: 400 with the JSON pointer of the place), or another client error
    /// the runtime recognised (a wrong content type). Nil for a server-side failure.
    static func translate(_ error: ServerError) -> APIError? {
        switch error.underlyingError {
        case let apiError as APIError:
            return apiError
        case let decoding as DecodingError:
            return translate(decoding)
        default:
            guard (400..<500).contains(error.httpStatus.code) else { return nil }
            let code = error.httpStatus == .unsupportedMediaType ? "unsupported_media_type" : "invalid_request"
            return APIError(status: error.httpStatus, code: code, message: error.causeDescription)
        }
    }

    /// A body (or a batch item) that does not match its schema: 400 with the JSON pointer of the place.
    static func translate(_ decoding: DecodingError) -> APIError {
        let pointer = decoding.jsonPointer
        let detail: String
        switch decoding {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            detail = "the body is not valid JSON"
        case .dataCorrupted(let context), .typeMismatch(_, let context), .valueNotFound(_, let context):
            detail = context.debugDescription
        case .keyNotFound(let key, _):
            detail = "\(key.stringValue) is required"
        @unknown default:
            detail = "the body does not match the request schema"
        }
        return APIError(status: .badRequest, code: "invalid_request", message: detail, field: pointer.isEmpty ? nil : pointer)
    }

    /// Hummingbird's own errors: an unknown route (it answers 404 for an unknown method on a known
    /// path too), a body over the size limit, a malformed request.
    static func translate(_ error: any HTTPResponseError, request: Request) -> APIError {
        switch error.status {
        case .notFound:
            return .notFound("no route for \(request.method.rawValue) \(request.uri.path)")
        case .contentTooLarge:
            return APIError(status: .contentTooLarge, code: "payload_too_large", message: "the request body is too large")
        default:
            let code = error.status.reasonPhrase.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).joined(separator: "_")
            return APIError(status: error.status, code: code.isEmpty ? "http_\(error.status.code)" : code, message: error.status.reasonPhrase)
        }
    }
}
