/// User inbound event fired by `TLSHandler` once the handshake (and any pin check) succeeded, before any
/// decrypted application data and before writes buffered during the handshake go out.
public struct TLSHandshakeCompleted: Sendable, Hashable {
    public var session: TLSSessionInfo

    public init(session: TLSSessionInfo) {
        self.session = session
    }
}
