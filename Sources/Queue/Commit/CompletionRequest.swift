/// A worker's "delivered", waiting for the group commit.
struct CompletionRequest: Sendable {
    var lease: JobLease
    var events: [DeliveryEventDraft]
    var followUps: [JobSpec]
    var now: Int64
}
