import Foundation

/// A job to create, together with a message or later for an existing message.
public struct JobSpec: Sendable, Hashable {
    public var id: JobID?
    public var kind: JobKind
    public var recipients: [String]
    /// Opaque to the queue: the worker's own description of the job (route, webhook, event body...).
    public var payload: [UInt8]
    /// Earliest time of the first attempt; `nil` means now.
    public var notBefore: Date?

    public init(
        id: JobID? = nil,
        kind: JobKind,
        recipients: [String] = [],
        payload: [UInt8] = [],
        notBefore: Date? = nil
    ) {
        self.id = id
        self.kind = kind
        self.recipients = recipients
        self.payload = payload
        self.notBefore = notBefore
    }
}
