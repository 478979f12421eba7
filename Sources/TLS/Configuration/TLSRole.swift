/// Which side of the handshake a context serves.
public enum TLSRole: Sendable, Hashable {
    case server
    case client
}
