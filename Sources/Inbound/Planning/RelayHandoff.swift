import Queue

/// How the planner hands recipients of a `relay` route to the outbound side without knowing its job format:
/// the gateway supplies the `outbound.relay` job (and the message metadata that makes the message readable
/// through the send API's status endpoint) for the recipients and the message's `Message-ID`.
public struct RelayHandoff: Sendable {
    public var makeJob: @Sendable (_ recipients: [String], _ messageID: String?) -> (job: JobSpec, metadata: [String: String])

    public init(makeJob: @escaping @Sendable (_ recipients: [String], _ messageID: String?) -> (job: JobSpec, metadata: [String: String])) {
        self.makeJob = makeJob
    }
}
