import SMTPProtocol

/// What a session knows about its connection, for the Received header, the envelope and the logs.
public struct SMTPSessionInfo: Sendable, Hashable {
    public var sessionID: String
    /// The listener's configuration key (`smtp.submission`, …).
    public var listener: String
    /// What kind of listener accepted the connection: what routing and sender rules go by.
    public var mode: SMTPSessionMode
    public var remoteIP: String
    public var remotePort: Int
    /// The local host name in the greeting and the Received header.
    public var hostname: String

    public init(sessionID: String, listener: String, mode: SMTPSessionMode, remoteIP: String, remotePort: Int, hostname: String) {
        self.sessionID = sessionID
        self.listener = listener
        self.mode = mode
        self.remoteIP = remoteIP
        self.remotePort = remotePort
        self.hostname = hostname
    }
}
