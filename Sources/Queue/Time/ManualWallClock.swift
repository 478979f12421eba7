import Foundation
import Synchronization

/// A clock that only moves when told to: retry and retention behaviour is tested without sleeping.
public final class ManualWallClock: WallClock {
    private let current: Mutex<Date>

    public init(_ start: Date = Date(timeIntervalSince1970: 1_767_225_600)) {
        self.current = Mutex(start)
    }

    public func now() -> Date {
        self.current.withLock { $0 }
    }

    public func advance(by duration: Duration) {
        self.current.withLock { $0 = $0.adding(duration) }
    }

    public func set(_ date: Date) {
        self.current.withLock { $0 = date }
    }
}
