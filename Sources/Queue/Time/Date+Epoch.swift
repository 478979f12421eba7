import Foundation

extension Date {
    /// Stores keep times as integer Unix milliseconds: identical in SQLite and PostgreSQL, and sortable.
    var epochMilliseconds: Int64 {
        Int64((self.timeIntervalSince1970 * 1000).rounded(.down))
    }

    init(epochMilliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(epochMilliseconds) / 1000)
    }

    func adding(_ duration: Duration) -> Date {
        self.addingTimeInterval(duration.timeInterval)
    }
}
