import Foundation
import Queue

/// Reads each recipient's status off the message's relay jobs and history (the rule in ARCHITECTURE.md): the
/// last of its recipient events; a recipient still pending on a `dead` job has `failed`; before any event,
/// `scheduled` while the job waits for its `send_at`, else `queued`. Pure, so the API and the tests agree.
public enum RecipientStatusResolver {
    static let recipientEventTypes: [DeliveryEventType: RecipientStatus] = [
        .relayed: .relayed, .bounced: .bounced, .deferred: .deferred, .failed: .failed, .canceled: .canceled,
        .captured: .captured,
    ]

    public static func resolve(
        recipients: [String], createdAt: Date, jobs: [Job], events: [DeliveryEvent], now: Date
    ) -> [RecipientState] {
        let relayJobs = jobs.filter { $0.kind == .outboundRelay }
        var lastEvent: [String: DeliveryEvent] = [:]
        for event in events.sorted(by: { $0.sequence < $1.sequence }) {
            guard let recipient = event.recipient, recipientEventTypes[event.type] != nil else { continue }
            lastEvent[recipient] = event
        }
        return recipients.map { address in
            let pendingJob = relayJobs.last { $0.recipients.contains(address) && !isFinished($0.state) }
                ?? relayJobs.last { $0.recipients.contains(address) }
            let event = lastEvent[address]
            let reply = UpstreamReplyDetail.decode(event?.detail)
            if let job = pendingJob, job.state == .dead, recipientEventTypes[event?.type ?? .received]?.isFinal != true {
                return RecipientState(
                    address: address, status: .failed, reply: reply, updatedAt: job.finishedAt ?? job.updatedAt)
            }
            if let event, let status = recipientEventTypes[event.type] {
                return RecipientState(address: address, status: status, reply: reply, updatedAt: event.at)
            }
            if let job = pendingJob, job.state == .queued, job.attempts == 0, job.nextAttemptAt > now {
                return RecipientState(address: address, status: .scheduled, reply: nil, updatedAt: job.createdAt)
            }
            return RecipientState(
                address: address, status: .queued, reply: nil, updatedAt: pendingJob?.updatedAt ?? createdAt)
        }
    }

    private static func isFinished(_ state: JobState) -> Bool {
        state == .delivered || state == .failed || state == .dead
    }
}
