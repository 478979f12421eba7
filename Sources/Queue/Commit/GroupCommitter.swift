import Foundation

/// Batches concurrent writes into one durable transaction.
///
/// While one transaction is being committed (and fsynced), new writes queue up here; the next
/// transaction takes them all. Under load the cost of a commit is shared by the whole batch, so
/// durability does not cap throughput at one fsync per message; when idle, a lone write is
/// committed at once (no added latency, no timer).
actor GroupCommitter {
    typealias Flush = @Sendable ([PendingWrite]) async throws -> [WriteOutcome]

    private struct Waiter {
        var write: PendingWrite
        var continuation: CheckedContinuation<WriteOutcome, any Error>
    }

    private var pending: [Waiter] = []
    private var flushing = false
    private var lastBatchSize = 0
    private var lastCommitDuration: Duration = .zero
    private var closed = false
    private let maximumBatchSize: Int
    private let flush: Flush
    private let metrics: QueueMetrics

    init(maximumBatchSize: Int, metrics: QueueMetrics, flush: @escaping Flush) {
        self.maximumBatchSize = maximumBatchSize
        self.metrics = metrics
        self.flush = flush
    }

    func submit(_ write: PendingWrite) async throws -> WriteOutcome {
        try await withCheckedThrowingContinuation { continuation in
            guard !self.closed else {
                continuation.resume(throwing: QueueStoreError.closed)
                return
            }
            self.pending.append(Waiter(write: write, continuation: continuation))
            if !self.flushing {
                self.flushing = true
                Task { await self.drain() }
            }
        }
    }

    /// Refuses new writes; writes already submitted are still committed.
    func close() async {
        self.closed = true
        while self.flushing || !self.pending.isEmpty {
            try? await Task.sleep(for: .milliseconds(1))
        }
    }

    private func drain() async {
        while !self.pending.isEmpty {
            await self.gather()
            let count = min(self.pending.count, self.maximumBatchSize)
            let batch = Array(self.pending.prefix(count))
            self.pending.removeFirst(count)
            let started = ContinuousClock.now
            do {
                let outcomes = try await self.flush(batch.map(\.write))
                let duration = ContinuousClock.now - started
                self.metrics.recordCommit(writes: batch.count, duration: duration)
                self.lastBatchSize = batch.count
                self.lastCommitDuration = duration
                for (waiter, outcome) in zip(batch, outcomes) {
                    waiter.continuation.resume(returning: outcome)
                }
            } catch {
                await self.isolateFailure(of: batch, batchError: error)
            }
        }
        self.flushing = false
    }

    /// Under concurrency, the writers released by the previous commit come back a few microseconds
    /// apart; committing the first arrival alone would split them into a tiny batch and a big one
    /// (and pay two fsyncs). So when fewer than half of the last batch are waiting, wait a little
    /// (at most a quarter of the last commit's duration, never more than 1 ms) for the rest.
    /// A lone writer (last batch of 1) never waits.
    private func gather() async {
        guard self.lastBatchSize > 1, self.pending.count < self.lastBatchSize / 2 else { return }
        let budget = min(self.lastCommitDuration / 4, .milliseconds(1))
        let deadline = ContinuousClock.now + budget
        while self.pending.count < self.lastBatchSize, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .microseconds(50))
        }
    }

    /// A failed batch is retried one write at a time, so one bad write (a duplicate id, a message
    /// that vanished) fails alone instead of failing its neighbours.
    private func isolateFailure(of batch: [Waiter], batchError: any Error) async {
        guard batch.count > 1 else {
            batch[0].continuation.resume(throwing: batchError)
            return
        }
        for waiter in batch {
            let started = ContinuousClock.now
            do {
                let outcomes = try await self.flush([waiter.write])
                self.metrics.recordCommit(writes: 1, duration: ContinuousClock.now - started)
                waiter.continuation.resume(returning: outcomes[0])
            } catch {
                waiter.continuation.resume(throwing: error)
            }
        }
    }
}
