import Synchronization

final class AtomicCounter: Sendable {
    private let value = Atomic<Int>(0)

    func next() -> Int {
        self.value.add(1, ordering: .relaxed).newValue
    }
}
