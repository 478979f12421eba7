import Queue
import Synchronization

/// What the in-process sink received: how many times each job was delivered.
final class DeliveryLog: Sendable {
    private let counts = Mutex<[JobID: Int]>([:])

    func record(_ id: JobID) {
        counts.withLock { $0[id, default: 0] += 1 }
    }

    var distinct: Int {
        counts.withLock { $0.count }
    }

    /// Deliveries beyond the first of each job.
    var duplicates: Int {
        counts.withLock { $0.values.reduce(0) { $0 + ($1 - 1) } }
    }
}
