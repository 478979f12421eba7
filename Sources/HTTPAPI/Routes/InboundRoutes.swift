import Hummingbird

/// `/v1/inbound/messages`: the received messages, the JSON their webhooks got, their raw bytes,
/// their delivery history, and redelivery. Reading needs `inbound:read`, redelivering
/// `inbound:redeliver`; authorization runs before the catalog is consulted, so an instance without
/// one still refuses unauthenticated callers first.
enum InboundRoutes {
    static let path: RouterPath = "/v1/inbound/messages"

    static func add(
        to router: Router<APIRequestContext>, catalog: (any InboundMessageCatalog)?,
        apiKeys: @escaping @Sendable () -> APIKeysFile, limiter: APIRateLimiter? = nil
    ) {
        let read = router.group(path).add(middleware: APIKeyMiddleware(scope: .inboundRead, keys: apiKeys, limiter: limiter))
        read.get { request, _ in
            let query = try InboundListParameters.query(from: request.uri.queryParameters)
            let page: InboundListPage
            do {
                page = try await available(catalog).list(query)
            } catch InboundCatalogError.invalidCursor {
                throw APIError.invalidParameter("cursor", "not a cursor from a previous page, or expired")
            }
            return try JSONResponse.make(page)
        }
        read.get("{id}") { _, context in
            let id = try context.parameters.require("id")
            guard let document = try await available(catalog).document(id: id) else { throw noSuchMessage(id) }
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(bytes: document)))
        }
        read.get("{id}/raw") { _, context in
            let id = try context.parameters.require("id")
            guard let raw = try await available(catalog).raw(id: id) else { throw noSuchMessage(id) }
            return Response(
                status: .ok, headers: [.contentType: "message/rfc822"], body: .init(byteBuffer: ByteBuffer(bytes: raw)))
        }
        read.get("{id}/deliveries") { _, context in
            let id = try context.parameters.require("id")
            guard let report = try await available(catalog).deliveries(id: id) else { throw noSuchMessage(id) }
            return try JSONResponse.make(report)
        }

        let redeliver = router.group(path).add(middleware: APIKeyMiddleware(scope: .inboundRedeliver, keys: apiKeys, limiter: limiter))
        redeliver.post("{id}/redeliver") { _, context in
            let id = try context.parameters.require("id")
            guard let redelivery = try await available(catalog).redeliver(id: id) else { throw noSuchMessage(id) }
            return try JSONResponse.make(redelivery, status: .accepted)
        }
    }

    private static func available(_ catalog: (any InboundMessageCatalog)?) throws(APIError) -> any InboundMessageCatalog {
        guard let catalog else { throw .unavailable("the inbound message API is not available on this instance") }
        return catalog
    }

    private static func noSuchMessage(_ id: String) -> APIError {
        .notFound("no inbound message with id \"\(id)\"")
    }
}
