/// The API key behind the request being handled, for handlers that the OpenAPI generator's transport calls
/// without Hummingbird's request context. `APIKeyMiddleware` binds it around the rest of the chain.
enum APICaller {
    @TaskLocal static var keyName: String?
}
