import HTTPClient

/// A rendered POST body with its content type and any headers the format adds.
public struct WebhookBody: Sendable {
    public var contentType: String
    public var bytes: [UInt8]
    public var headers: [HTTPHeader]

    public init(contentType: String, bytes: [UInt8], headers: [HTTPHeader] = []) {
        self.contentType = contentType
        self.bytes = bytes
        self.headers = headers
    }
}
