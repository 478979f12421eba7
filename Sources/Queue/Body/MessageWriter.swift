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
        let committed = try await Self.commit(
            [MessageCommit(writer: self, envelope: envelope, metadata: metadata, jobs: jobs)], idempotency: idempotency,
            storage: self.storage, clock: self.clock)
        return committed[0]
    }

    /// Commits several writers' messages in one transaction (`QueueStore.commit(_:idempotency:)`): every message
    /// with its jobs is durable, and `idempotency` completed, or nothing is. Each writer is finished either way.
    static func commit(
        _ messages: [MessageCommit], idempotency: IdempotencyCompletion?, storage: any MessageBodyStorage,
        clock: any WallClock
    ) async throws -> [CommittedMessage] {
        let now = clock.now()
        var sealed: [NewMessage] = []
        do {
            for message in messages {
                sealed.append(try message.writer.seal(message, now: now))
            }
        } catch {
            // The writers sealed so far are finished; what they spilled is discarded with the rest.
            for message in messages { await message.writer.abort() }
            await Self.discardSpilled(sealed, storage: storage)
            throw error
        }
        do {
            try await storage.commit(sealed, idempotency: idempotency)
        } catch {
            await Self.discardSpilled(sealed, storage: storage)
            throw error
        }
        return sealed.map { message in
            CommittedMessage(id: message.id, size: message.size, jobIDs: message.jobs.map(\.id), committedAt: now)
        }
    }

    /// Chunks written before the commit belong to no message once it failed.
    private static func discardSpilled(_ messages: [NewMessage], storage: any MessageBodyStorage) async {
        for message in messages where message.chunkCount > 1 {
            try? await storage.discardChunks(of: message.id)
        }
    }

    /// Finishes the writer and turns it into the row to insert, with its last chunk and its jobs.
    private func seal(_ commit: MessageCommit, now: Date) throws -> NewMessage {
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
        return NewMessage(
            id: self.id,
            envelopeJSON: try StoreJSON.encodeToString(commit.envelope),
            metadataJSON: try StoreJSON.encodeToString(commit.metadata),
            size: size,
            chunkCount: chunkCount,
            finalChunk: finalChunk,
            jobs: try JobFactory.make(commit.jobs, for: self.id, now: now),
            createdAt: nowMilliseconds
        )
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
