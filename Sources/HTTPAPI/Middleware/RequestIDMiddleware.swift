import HTTPTypes
import Hummingbird
import Logging

/// Gives every request an id, echoed in `x-request-id` on every response and in error bodies, and
/// attached to the request's log lines. A caller's own `x-request-id` (from a proxy or a client that
/// correlates) is kept when it is short and plain; anything else is replaced rather than logged.
struct RequestIDMiddleware: RouterMiddleware {
    static let header = HTTPField.Name("x-request-id")!

    /// The id of the request being handled, for handlers that the OpenAPI generator's transport calls without
    /// Hummingbird's request context (a batch names it in each item's error).
    @TaskLocal static var current: String?

    func handle(
        _ request: Request, context: APIRequestContext, next: (Request, APIRequestContext) async throws -> Response
    ) async throws -> Response {
        var context = context
        let id = request.headers[Self.header].flatMap(Self.accepted) ?? Self.generate()
        context.requestID = id
        context.logger[metadataKey: "request_id"] = .string(id)
        var response = try await Self.$current.withValue(id) { [context] in try await next(request, context) }
        response.headers[Self.header] = id
        return response
    }

    /// 1 to 128 characters of `A-Z a-z 0-9 - _ . :`: enough for UUIDs, trace ids and ULIDs, and safe
    /// to put in a header, a JSON string and a logfmt value as is.
    static func accepted(_ value: String) -> String? {
        guard (1...128).contains(value.utf8.count) else { return nil }
        let allowed = value.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"):
                true
            default:
                false
            }
        }
        return allowed ? value : nil
    }

    /// 128 random bits as 32 hex digits.
    static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = String(generator.next() as UInt64, radix: 16)
        let low = String(generator.next() as UInt64, radix: 16)
        return String(repeating: "0", count: 16 - high.count) + high + String(repeating: "0", count: 16 - low.count) + low
    }
}
