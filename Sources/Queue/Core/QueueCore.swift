import Foundation

/// The store operations that are the same for every store: build the request, hand it to the group commit,
/// and turn the write's outcome into the answer. The store's flush (its SQL primitives) does the rest.
struct QueueCore: Sendable {
    let committer: GroupCommitter
    let clock: any WallClock
    let location: String

    func enqueue(_ jobs: [JobSpec], for message: MessageID) async throws -> [JobID] {
        let newJobs = try JobFactory.make(jobs, for: message, now: self.clock.now())
        guard !newJobs.isEmpty else { return [] }
        if case .refused(let error) = try await self.committer.submit(.jobs(newJobs)) {
            throw error
        }
        return newJobs.map(\.id)
    }

    func complete(_ lease: JobLease, events: [DeliveryEventDraft], followUps: [JobSpec]) async throws {
        let request = CompletionRequest(
            lease: lease, events: events, followUps: followUps, now: self.clock.now().epochMilliseconds)
        if case .refused(let error) = try await self.committer.submit(.complete(request)) {
            throw error
        }
    }

    func fail(_ lease: JobLease, _ failure: JobFailure) async throws -> RetryDecision {
        let request = FailureRequest(lease: lease, failure: failure, now: self.clock.now().epochMilliseconds)
        switch try await self.committer.submit(.fail(request)) {
        case .decision(let decision): return decision
        case .refused(let error): throw error
        case .done: throw QueueStoreError.database(store: self.location, reason: "no retry decision recorded")
        }
    }

    func storeSpilledChunk(_ chunk: BodyChunk) async throws {
        _ = try await self.committer.submit(.chunk(chunk))
    }

    func commit(_ messages: [NewMessage], idempotency: IdempotencyCompletion?) async throws {
        _ = try await self.committer.submit(.messages(messages, idempotency: idempotency))
    }
}
