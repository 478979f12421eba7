/// The message as received: its digest and size always, its bytes only when the route asks for them.
public struct InboundRaw: Sendable, Equatable, Codable {
    public var sha256: String
    public var size: Int
    public var contentBase64: String?

    enum CodingKeys: String, CodingKey {
        case sha256, size
        case contentBase64 = "content_base64"
    }
}
