import Foundation
import Queue
import Testing

/// Two store instances on the same database (two replicas on PostgreSQL; two processes sharing
/// one SQLite file) compete for the same jobs: each job must be delivered exactly once.
@Suite("Conformance: replicas")
struct ReplicaConformanceTests {
    @Test(arguments: StoreKind.underTest)
    func twoReplicasNeverDeliverTheSameJob(_ kind: StoreKind) async throws {
        let url = try kind.makeURL()
        let replicas = [
            try await QueueStoreFactory.open(url: url), try await QueueStoreFactory.open(url: url),
        ]
        let total = 400
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, replica) in replicas.enumerated() {
                group.addTask {
                    for _ in 0..<(total / 2) {
                        try await Fixtures.enqueue(replica, size: 256 + index)
                    }
                }
            }
            try await group.waitForAll()
        }
        let delivered = try await withThrowingTaskGroup(of: [JobID].self) { group in
            for (index, replica) in replicas.enumerated() {
                for worker in 0..<3 {
                    group.addTask {
                        var mine: [JobID] = []
                        while true {
                            let jobs = try await replica.lease(limit: 7, owner: "replica\(index)-w\(worker)")
                            if jobs.isEmpty { return mine }
                            for job in jobs {
                                try await replica.complete(job.lease)
                                mine.append(job.job.id)
                            }
                        }
                    }
                }
            }
            return try await group.reduce(into: [JobID]()) { $0 += $1 }
        }
        #expect(delivered.count == total)
        #expect(Set(delivered).count == total)
        let statistics = try await replicas[0].statistics()
        #expect(statistics.count(kind: .inboundDeliver, state: .delivered) == total)
        for replica in replicas {
            try await replica.close()
        }
    }
}
