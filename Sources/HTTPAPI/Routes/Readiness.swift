import Synchronization

/// Whether this replica should receive traffic: false until the HTTP server is listening (the other
/// services start alongside it, with no ordering between them), and again from the moment a graceful
/// shutdown begins, so that load balancers drain it first.
public final class Readiness: Sendable {
    private let ready = Atomic<Bool>(false)

    public init() {}

    public var isReady: Bool { ready.load(ordering: .acquiring) }

    public func set(_ value: Bool) {
        ready.store(value, ordering: .releasing)
    }
}
