/// A job row ready to insert.
struct NewJob: Sendable {
    var id: JobID
    var messageID: MessageID
    var kind: JobKind
    var recipientsJSON: String
    var payload: [UInt8]
    var createdAt: Int64
    var nextAttemptAt: Int64
}
