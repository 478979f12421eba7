import NIOCore
import NIOEmbedded
import TLS

/// Two `EmbeddedChannel`s, each with a `TLSHandler` and a `RecordingHandler`, whose outbound bytes are moved
/// to the other side by `interact()`.
final class EmbeddedTLSPair {
    /// Pairs created by the current test. An open `EmbeddedChannel` and its pipeline reference each other, so
    /// a pair that is not shut down leaks its OpenSSL objects, which would hide real leaks from LeakSanitizer.
    /// `nonisolated(unsafe)` holds because every suite that makes pairs is nested in the `.serialized`
    /// `EmbeddedTLSSuites`, so one test at a time creates pairs and its suite's `deinit` shuts them down.
    nonisolated(unsafe) private static var live: [EmbeddedTLSPair] = []

    static func shutdownAll() {
        let pairs = self.live
        self.live = []
        pairs.forEach { $0.shutdown() }
    }

    let server = EmbeddedChannel()
    let client: EmbeddedChannel
    let serverRecorder = RecordingHandler()
    let clientRecorder = RecordingHandler()
    let serverHandler: TLSHandler?
    let clientHandler: TLSHandler?

    /// Pass nil contexts to start plaintext (STARTTLS tests add the handlers later).
    init(serverContext: TLSContext?, clientContext: TLSContext?, serverHostname: String? = "localhost") throws {
        self.client = EmbeddedChannel(loop: self.server.embeddedEventLoop)
        self.serverHandler = try serverContext.map { context throws(TLSError) in try TLSHandler(context: context) }
        self.clientHandler = try clientContext.map { context throws(TLSError) in
            try TLSHandler(context: context, serverHostname: serverHostname)
        }
        if let serverHandler { try self.server.pipeline.syncOperations.addHandler(serverHandler) }
        if let clientHandler { try self.client.pipeline.syncOperations.addHandler(clientHandler) }
        try self.server.pipeline.syncOperations.addHandler(self.serverRecorder)
        try self.client.pipeline.syncOperations.addHandler(self.clientRecorder)
        Self.live.append(self)
    }

    /// Closes both sides (with close_notify where the handshake finished) and lets every timer fire.
    func shutdown() {
        self.server.close(promise: nil)
        self.client.close(promise: nil)
        try? self.interact()
        self.server.embeddedEventLoop.advanceTime(by: .hours(1))
        self.server.close(promise: nil)
        self.client.close(promise: nil)
    }

    func activate() throws {
        let address = try SocketAddress(ipAddress: "127.0.0.1", port: 25)
        try self.server.connect(to: address).wait()
        try self.client.connect(to: address).wait()
    }

    /// Moves bytes both ways until neither side has anything left to send. `chunkSize` splits every write
    /// into pieces to exercise partial records.
    func interact(chunkSize: Int? = nil) throws {
        var moved = true
        while moved {
            moved = false
            moved = try Self.move(from: self.client, to: self.server, chunkSize: chunkSize) || moved
            moved = try Self.move(from: self.server, to: self.client, chunkSize: chunkSize) || moved
        }
    }

    /// Bytes `from` wrote, without delivering them.
    func takeOutbound(from channel: EmbeddedChannel) throws -> ByteBuffer {
        var all = ByteBuffer()
        while var buffer = try channel.readOutbound(as: ByteBuffer.self) {
            all.writeBuffer(&buffer)
        }
        return all
    }

    private static func move(from source: EmbeddedChannel, to target: EmbeddedChannel, chunkSize: Int?) throws -> Bool {
        var moved = false
        while var buffer = try source.readOutbound(as: ByteBuffer.self) {
            moved = true
            guard target.isActive else { continue }
            if let chunkSize {
                while buffer.readableBytes > 0, target.isActive {
                    let piece = buffer.readSlice(length: min(chunkSize, buffer.readableBytes))!
                    try target.writeInbound(piece)
                }
            } else if buffer.readableBytes > 0 {
                try target.writeInbound(buffer)
            }
        }
        return moved
    }
}

@available(*, unavailable)
extension EmbeddedTLSPair: Sendable {}
