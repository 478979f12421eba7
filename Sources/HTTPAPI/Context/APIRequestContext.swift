import Hummingbird

/// The per-request state the API's middleware hands to its handlers.
struct APIRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// Set by `RequestIDMiddleware` before anything else runs; echoed in `x-request-id` and in error bodies.
    var requestID = ""
    /// The name of the API key that authorized the request (never the key), for the logs.
    var apiKeyName: String?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }
}
