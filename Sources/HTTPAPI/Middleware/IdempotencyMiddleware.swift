import Digests
import HTTPTypes
import Hummingbird
import Queue

/// `Idempotency-Key` on POST: the first request with a key runs and its successful answer is kept (24 h, in the
/// store, so it holds across replicas and restarts); the same key with the same body replays that answer with
/// `Idempotent-Replayed: true`, with another body or while the first is still running it is refused with 409.
/// Keys are scoped to the API key that sent them. A request that fails is forgotten, so it may be sent again.
/// A handler that commits a message records the answer in that commit (`ClaimedIdempotencyKey`); other
/// answers are recorded here after the handler returns.
struct IdempotencyMiddleware: RouterMiddleware {
    static let keyHeader = HTTPField.Name("Idempotency-Key")!
    static let replayedHeader = HTTPField.Name("Idempotent-Replayed")!

    var store: any QueueStore
    var ttl: Duration = .seconds(24 * 3600)
    /// A claim this old whose request never finished (the replica died) may be taken over.
    var staleAfter: Duration = .seconds(120)
    /// The answer kept for replay is at most this large (a batch answer is the largest).
    var maximumResponseSize = 4 * 1024 * 1024

    func handle(
        _ request: Request, context: APIRequestContext, next: (Request, APIRequestContext) async throws -> Response
    ) async throws -> Response {
        guard request.method == .post, let key = request.headers[Self.keyHeader] else {
            return try await next(request, context)
        }
        guard (1...255).contains(key.utf8.count), key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw APIError.invalidParameter("Idempotency-Key", "1 to 255 visible ASCII characters")
        }
        var request = request
        let body = try await request.collectBody(upTo: .max)
        let hash = SHA256Hasher.hex(Array("\(request.method.rawValue) \(request.uri.path)\n".utf8) + Array(body.readableBytesView))
        let scope = APICaller.keyName ?? "-"
        switch try await store.claimIdempotencyKey(scope: scope, key: key, requestHash: hash, ttl: ttl, staleAfter: staleAfter) {
        case .completed(let status, let stored):
            var response = Response(
                status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(bytes: stored)))
            response.headers[Self.replayedHeader] = "true"
            return response
        case .inFlight:
            throw APIError.conflict("idempotency_in_flight", "a request with this Idempotency-Key is still being processed")
        case .mismatch:
            throw APIError.conflict("idempotency_mismatch", "this Idempotency-Key was used with a different request body")
        case .claimed:
            break
        }
        let claim = ClaimedIdempotencyKey(scope: scope, key: key)
        let response: Response
        do {
            response = try await ClaimedIdempotencyKey.$current.withValue(claim) { [request] in
                try await next(request, context)
            }
        } catch {
            try? await store.releaseIdempotencyKey(scope: scope, key: key)
            throw error
        }
        guard (200..<300).contains(response.status.code) else {
            try? await store.releaseIdempotencyKey(scope: scope, key: key)
            return response
        }
        // The send API recorded its answer in the message's own transaction.
        if claim.recorded { return response }
        // The answer is read once to keep it, then sent from the copy.
        let sink = CollectingBodyWriter.Sink()
        try await response.body.write(CollectingBodyWriter(sink: sink))
        let collected = sink.buffer
        if collected.readableBytes <= maximumResponseSize {
            try await store.completeIdempotencyKey(
                scope: scope, key: key, status: response.status.code, body: Array(collected.readableBytesView))
        } else {
            try? await store.releaseIdempotencyKey(scope: scope, key: key)
        }
        var answer = response
        answer.body = .init(byteBuffer: collected)
        return answer
    }
}

/// Gathers a response body into one buffer. The body consumes its writer, so the bytes land in a sink the
/// caller keeps; it is used by one task only.
private struct CollectingBodyWriter: ResponseBodyWriter {
    final class Sink {
        var buffer = ByteBuffer()
    }

    let sink: Sink

    mutating func write(_ buffer: ByteBuffer) async throws {
        var buffer = buffer
        sink.buffer.writeBuffer(&buffer)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
