import MIME
import Queue

extension InboundEnvelope {
    /// The stored envelope as the inbound JSON shows it, with the recipients one delivery is for.
    public init(_ envelope: Envelope, recipients: [String]? = nil) {
        self.init(
            mailFrom: envelope.mailFrom, rcptTo: recipients ?? envelope.rcptTo, helo: envelope.helo,
            remoteIP: envelope.remoteIP, tls: envelope.tls.map { InboundTLSInfo(version: $0.version, cipher: $0.cipher) },
            authUser: envelope.authUser, size: envelope.size)
    }
}
