import Foundation

/// What claiming a key decides, once for both stores: answer from the stored record, or (re)claim the key.
enum IdempotencyVerdict: Sendable, Hashable {
    /// Write a fresh `in_flight` record (insert, or replace an expired or stale one) and answer `.claimed`.
    case claim
    /// Change nothing and answer this.
    case answer(IdempotencyClaim)

    /// An expired record counts as absent. A different request under the same key is a mismatch, whatever the
    /// record's state. A completed record replays; an in-flight one older than `staleAfter` (its request
    /// crashed) may be claimed again.
    static func decide(
        existing: IdempotencyRecord?, requestHash: String, now: Date, staleAfter: Duration
    ) -> IdempotencyVerdict {
        guard let existing, existing.expiresAt > now else { return .claim }
        guard existing.requestHash == requestHash else { return .answer(.mismatch) }
        switch existing.state {
        case .completed:
            return .answer(.completed(status: existing.status ?? 0, body: existing.body ?? []))
        case .inFlight:
            return existing.claimedAt.adding(staleAfter) <= now ? .claim : .answer(.inFlight)
        }
    }
}
