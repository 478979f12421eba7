/// What a job handler reports back to `JobWorker`.
public enum JobOutcome: Sendable {
    /// Delivered: record `events` and create `followUps` atomically with the completion.
    case delivered(events: [DeliveryEventDraft] = [], followUps: [JobSpec] = [])
    case failed(JobFailure)
}
