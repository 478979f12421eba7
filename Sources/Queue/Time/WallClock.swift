import Foundation

/// The store's only source of time. Stored times are wall-clock (they outlive the process and are
/// shared between replicas), so this is not a `Swift.Clock`; tests inject `ManualWallClock`.
public protocol WallClock: Sendable {
    func now() -> Date
}
