import Foundation
import Hummingbird
import Logging

/// Admits a request only with `Authorization: Bearer <key>` naming a key in the API keys file that
/// carries `scope`. The keys are read through a closure on every request, so a reload (SIGHUP)
/// takes effect at once. An admitted key's request is then counted against its requests-per-second limit:
/// over it, `429`; under it, the answer carries the `RateLimit-*` fields.
struct APIKeyMiddleware: RouterMiddleware {
    var scope: APIScope
    var keys: @Sendable () -> APIKeysFile
    var limiter: APIRateLimiter?

    func handle(
        _ request: Request, context: APIRequestContext, next: (Request, APIRequestContext) async throws -> Response
    ) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            throw APIError.unauthorized("an API key is required: Authorization: Bearer <key>", invalidToken: false)
        }
        guard let key = Self.bearerToken(header) else {
            throw APIError.unauthorized("the Authorization header must be \"Bearer <key>\"", invalidToken: false)
        }
        guard let entry = keys().entry(forKey: key) else {
            throw APIError.unauthorized("unknown API key", invalidToken: true)
        }
        var context = context
        context.apiKeyName = entry.name
        context.logger[metadataKey: "api_key"] = .string(entry.name)
        guard entry.allows(scope) else {
            throw APIError.forbidden(missing: scope)
        }
        let decision = limiter?.admitRequest(key: entry.name)
        if let decision, let refusal = RateLimitHeaders.refusal(decision, kind: .requests) {
            throw refusal
        }
        var response = try await APICaller.$keyName.withValue(entry.name) {
            try await next(request, context)
        }
        if let decision {
            response.headers.append(contentsOf: RateLimitHeaders.fields(decision.status))
        }
        return response
    }

    /// The credentials of the `Bearer` scheme, matched case-insensitively (RFC 9110 section 11.1).
    static func bearerToken(_ header: String) -> String? {
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }
}
