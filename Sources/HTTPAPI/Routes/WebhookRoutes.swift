import Hummingbird

/// `/v1/webhooks`: the routes' webhooks with their state, and clearing a 410 Gone mark. Reading needs
/// `webhooks:read`, clearing `webhooks:manage`; authorization runs before the catalog is consulted.
enum WebhookRoutes {
    static let path: RouterPath = "/v1/webhooks"

    static func add(
        to router: Router<APIRequestContext>, catalog: (any WebhookCatalog)?,
        apiKeys: @escaping @Sendable () -> APIKeysFile, limiter: APIRateLimiter? = nil
    ) {
        let read = router.group(path).add(middleware: APIKeyMiddleware(scope: .webhooksRead, keys: apiKeys, limiter: limiter))
        read.get { _, _ in
            try JSONResponse.make(try await available(catalog).list())
        }

        let manage = router.group(path).add(middleware: APIKeyMiddleware(scope: .webhooksManage, keys: apiKeys, limiter: limiter))
        manage.delete("{route}/{index}/gone") { _, context in
            let route = try context.parameters.require("route")
            let text = try context.parameters.require("index")
            guard let index = Int(text), index >= 0 else {
                throw APIError.invalidParameter("index", "the webhook's position in its route: 0, 1, …")
            }
            guard let status = try await available(catalog).enable(route: route, index: index) else {
                throw APIError.notFound("route \"\(route)\" has no webhook #\(index) in the configuration in force")
            }
            return try JSONResponse.make(status)
        }
    }

    private static func available(_ catalog: (any WebhookCatalog)?) throws(APIError) -> any WebhookCatalog {
        guard let catalog else { throw .unavailable("the webhooks API is not available on this instance") }
        return catalog
    }
}
