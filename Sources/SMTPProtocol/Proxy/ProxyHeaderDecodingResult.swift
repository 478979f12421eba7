/// What ``ProxyHeaderDecoder/decode(_:)`` found at the start of a connection.
public enum ProxyHeaderDecodingResult: Hashable, Sendable {
    /// The bytes so far are a valid beginning; nothing was consumed.
    case needMoreBytes
    /// The header was consumed; what follows it in the buffer belongs to the proxied protocol.
    case header(ProxyHeader)
    case malformed(ProxyHeaderError)
}
