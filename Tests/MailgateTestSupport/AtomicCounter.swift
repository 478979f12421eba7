import Synchronization

/// A counter shared by concurrent test code.
public final class AtomicCounter: Sendable {
    public init() {}

    private let value = Atomic<Int>(0)

    public func next() -> Int {
        self.value.add(1, ordering: .relaxed).newValue
    }
}
