import Synchronization

/// A counter shared by the load tasks.
final class SharedCounter: Sendable {
    private let value: Atomic<Int>

    init(_ initial: Int = 0) {
        self.value = Atomic(initial)
    }

    var current: Int {
        self.value.load(ordering: .relaxed)
    }

    func increment() {
        self.value.add(1, ordering: .relaxed)
    }

    /// Adds one and returns the new value: lets concurrent tasks claim numbered work items.
    func claim() -> Int {
        self.value.add(1, ordering: .relaxed).newValue
    }
}
