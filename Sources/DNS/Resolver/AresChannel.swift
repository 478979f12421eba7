import CAres

/// The c-ares channel handle, carried from `init` to the resolver thread.
/// @unchecked Sendable: after `AresResolverThread.init` hands it over, only that thread's loop uses it (c-ares
/// channels are not thread-safe, and none other touches it).
struct AresChannel: @unchecked Sendable {
    let handle: ares_channel

    init(_ handle: ares_channel) { self.handle = handle }
}
