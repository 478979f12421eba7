import Synchronization

/// Holds the current `TLSContext` for a listener. New connections take `current`; a reload swaps in a
/// freshly built context, while established connections keep the one they were created with (their
/// `SSLConnection` holds it), so nothing is dropped. A failed reload leaves the previous context in place.
public final class ReloadableTLSContext: Sendable {
    private let state: Mutex<TLSContext>

    public init(configuration: TLSConfiguration) throws(TLSError) {
        self.state = Mutex(try TLSContext(configuration: configuration))
    }

    public var current: TLSContext {
        self.state.withLock { $0 }
    }

    /// Re-reads the certificate and key files of the current configuration (certificate renewal).
    @discardableResult
    public func reload() throws(TLSError) -> TLSContext {
        try self.reload(configuration: self.current.configuration)
    }

    /// Builds a context from `configuration` and, only if that succeeds, makes it current.
    @discardableResult
    public func reload(configuration: TLSConfiguration) throws(TLSError) -> TLSContext {
        let fresh = try TLSContext(configuration: configuration)
        self.install(fresh)
        return fresh
    }

    /// Makes an already built context current: a reload that replaces several listeners' certificates builds
    /// every new context first and installs them only when all were built, so none changes if one fails.
    public func install(_ context: TLSContext) {
        self.state.withLock { $0 = context }
    }
}
