import Hummingbird
import Logging

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
        var response = try JSONResponse.make(APIErrorBody(error, requestID: context.requestID), status: error.status)
        response.headers.append(contentsOf: error.headers)
        return response
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
