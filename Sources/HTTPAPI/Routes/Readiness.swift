import Synchronization

/// Whether this replica should receive traffic: false until every service has started, and again
/// from the moment a graceful shutdown begins, so that load balancers drain it first.
public final class Readiness: Sendable {
    private let ready = Atomic<Bool>(false)

    public init() {}

    public var isReady: Bool { ready.load(ordering: .acquiring) }

    public func set(_ value: Bool) {
        ready.store(value, ordering: .releasing)
    }
}
