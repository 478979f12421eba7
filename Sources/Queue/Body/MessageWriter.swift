import Foundation
import MailModel
import NIOCore
import Synchronization

/// Streams one message body into the store, then commits it with its envelope and jobs.
///
/// At most one chunk (`QueueConfiguration.chunkSize`) is held in memory: once a full chunk has
/// accumulated it is written to the store before `append` returns, which also pushes back on a
/// fast sender. Small messages (the common case) never touch the store before `commit`, where the
/// whole body rides in the group commit. Calls must not overlap (one SMTP session drives one writer).
public final class MessageWriter: Sendable {
    public let id: MessageID

    private let storage: any MessageBodyStorage
    private let clock: any WallClock
    private let chunkSize: Int
    private let state: Mutex<State>

    private struct State {
        enum Phase { case open, finished }
        var phase: Phase = .open
        var pending: ByteBuffer
        var nextSequence = 0
        var size = 0
    }

    init(id: MessageID, storage: any MessageBodyStorage, clock: any WallClock, chunkSize: Int) {
        self.id = id
        self.storage = storage
        self.clock = clock
        self.chunkSize = chunkSize
        self.state = Mutex(State(pending: ByteBufferAllocator().buffer(capacity: 0)))
    }

    /// Bytes appended so far.
    public var size: Int {
        self.state.withLock { $0.size }
    }

    public func append(_ bytes: ByteBuffer) async throws {
        let now = self.clock.now().epochMilliseconds
        let full: [BodyChunk] = try self.state.withLock { state in
            guard state.phase == .open else { throw QueueStoreError.writerFinished(self.id) }
            state.size += bytes.readableBytes
            state.pending.writeImmutableBuffer(bytes)
            var chunks: [BodyChunk] = []
            while state.pending.readableBytes >= self.chunkSize {
                let slice = state.pending.readSlice(length: self.chunkSize)!
                chunks.append(BodyChunk(messageID: self.id, sequence: state.nextSequence, bytes: slice, createdAt: now))
                state.nextSequence += 1
            }
            if !chunks.isEmpty {
                // Copy the remainder out so the spilled chunks do not keep the old storage alive via CoW.
                var rest = ByteBufferAllocator().buffer(capacity: max(state.pending.readableBytes, 1024))
                rest.writeImmutableBuffer(state.pending)
                state.pending = rest
            }
            return chunks
        }
        do {
            for chunk in full {
                try await self.storage.storeSpilledChunk(chunk)
            }
        } catch {
            self.state.withLock { $0.phase = .finished }
            try? await self.storage.discardChunks(of: self.id)
            throw error
        }
    }

    /// Appends without waiting when the bytes fit in the chunk being filled (no store write needed);
    /// returns false, appending nothing, when they do not: then call `append`.
    public func appendIfBuffered(_ bytes: ByteBuffer) throws -> Bool {
        try self.state.withLock { state in
            guard state.phase == .open else { throw QueueStoreError.writerFinished(self.id) }
            guard state.pending.readableBytes + bytes.readableBytes < self.chunkSize else { return false }
            state.size += bytes.readableBytes
            state.pending.writeImmutableBuffer(bytes)
            return true
        }
    }

    public func append(contentsOf bytes: some Collection<UInt8>) async throws {
        try await self.append(ByteBuffer(bytes: bytes))
    }

    /// Makes the message and its jobs durable. Returns only after the commit reached stable storage.
    ///
    /// With `idempotency`, the claimed key's response is recorded in the same transaction: either the message
    /// and the completed key are both durable, or neither is (the caller then releases the claim). Without it,
    /// a crash between this commit and `completeIdempotencyKey` would leave the key in flight until
    /// `staleAfter`, and a retry of the request would then send the message twice.
    public func commit(
        envelope: Envelope, metadata: [String: String] = [:], jobs: [JobSpec],
        idempotency: IdempotencyCompletion? = nil
    ) async throws -> CommittedMessage {
        let now = self.clock.now()
        let nowMilliseconds = now.epochMilliseconds
        let (finalChunk, chunkCount, size) = try self.state.withLock { state in
            guard state.phase == .open else { throw QueueStoreError.writerFinished(self.id) }
            state.phase = .finished
            var finalChunk: BodyChunk?
            if state.pending.readableBytes > 0 {
                finalChunk = BodyChunk(
                    messageID: self.id, sequence: state.nextSequence, bytes: state.pending, createdAt: nowMilliseconds)
                state.nextSequence += 1
            }
            state.pending = ByteBuffer()
            return (finalChunk, state.nextSequence, state.size)
        }
        let newJobs = try JobFactory.make(jobs, for: self.id, now: now)
        let message = NewMessage(
            id: self.id,
            envelopeJSON: try StoreJSON.encodeToString(envelope),
            metadataJSON: try StoreJSON.encodeToString(metadata),
            size: size,
            chunkCount: chunkCount,
            finalChunk: finalChunk,
            jobs: newJobs,
            createdAt: nowMilliseconds,
            idempotency: idempotency
        )
        do {
            try await self.storage.commit(message)
        } catch {
            if chunkCount > 1 {
                try? await self.storage.discardChunks(of: self.id)
            }
            throw error
        }
        return CommittedMessage(id: self.id, size: size, jobIDs: newJobs.map(\.id), committedAt: now)
    }

    /// Abandons the message (client sent RSET, connection dropped, size limit hit).
    public func abort() async {
        let spilled = self.state.withLock { state -> Bool in
            guard state.phase == .open else { return false }
            state.phase = .finished
            state.pending = ByteBuffer()
            return state.nextSequence > 0
        }
        if spilled {
            // Best effort: retention removes chunks left behind by a failure here.
            try? await self.storage.discardChunks(of: self.id)
        }
    }
}
