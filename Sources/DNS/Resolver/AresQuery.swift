/// A query waiting for the resolver thread: the message and the caller's continuation. It crosses into C as the
/// callback's argument (retained there, released by the callback, which c-ares calls exactly once: with the
/// reply, an error, or ARES_EDESTRUCTION when the channel is destroyed).
final class AresQuery: Sendable {
    let message: [UInt8]
    let continuation: CheckedContinuation<AresReply, Never>

    init(message: [UInt8], continuation: CheckedContinuation<AresReply, Never>) {
        self.message = message
        self.continuation = continuation
    }
}
