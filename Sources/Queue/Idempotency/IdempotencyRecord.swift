import Foundation

/// One stored idempotency key, as read under the store's write lock.
struct IdempotencyRecord: Sendable, Hashable {
    var requestHash: String
    var state: IdempotencyKeyState
    var status: Int?
    var body: [UInt8]?
    /// When the current claim was made (a stale claim is taken over from here).
    var claimedAt: Date
    var expiresAt: Date
}
