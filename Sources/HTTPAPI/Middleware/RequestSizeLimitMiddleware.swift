import Hummingbird

/// Refuses a request body over the limit with 413 before handlers see it: at once when `Content-Length`
/// says so, else while it is read, so a chunked body cannot grow memory past the limit either.
struct RequestSizeLimitMiddleware: RouterMiddleware {
    var maximumBytes: Int

    func handle(
        _ request: Request, context: APIRequestContext, next: (Request, APIRequestContext) async throws -> Response
    ) async throws -> Response {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > maximumBytes {
            throw Self.tooLarge(maximumBytes)
        }
        guard request.method == .post || request.method == .put || request.method == .patch else {
            return try await next(request, context)
        }
        var request = request
        do {
            _ = try await request.collectBody(upTo: maximumBytes)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw Self.tooLarge(maximumBytes)
        }
        return try await next(request, context)
    }

    static func tooLarge(_ limit: Int) -> APIError {
        APIError(status: .contentTooLarge, code: "payload_too_large", message: "the request body is over \(limit) bytes (http.max_request_size)")
    }
}
