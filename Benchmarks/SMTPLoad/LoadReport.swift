import Foundation

/// The merged outcome of a run, printed as one `key=value` line that scripts can parse, then any errors.
struct LoadReport {
    var mode: String
    var sessions: Int
    var size: Int
    var planned: Int?
    var rate: Double?
    var seconds: Double
    var outcomes: [SessionOutcome]

    var delivered: Int { outcomes.reduce(0) { $0 + $1.delivered } }
    var refused: Int { outcomes.reduce(0) { $0 + $1.refused } }
    var failedSessions: Int { outcomes.filter { $0.sessionFailure != nil }.count }
    /// Messages of a counted run that got no reply at all (their session died first).
    var unanswered: Int { planned.map { max(0, $0 - delivered - refused) } ?? 0 }
    var errorCount: Int { refused + failedSessions + unanswered }

    func line() -> String {
        var latencies = outcomes.flatMap(\.latencies)
        latencies.sort()
        let rate = seconds > 0 ? Double(delivered) / seconds : 0
        return "mode=\(mode) sessions=\(sessions) size=\(size) delivered=\(delivered) errors=\(errorCount)"
            + " seconds=\(Self.format(seconds, 3)) msg_per_s=\(Self.format(rate, 1))"
            + " p50_ms=\(Self.format(Self.percentile(latencies, 0.50), 2)) p99_ms=\(Self.format(Self.percentile(latencies, 0.99), 2))"
            + (self.rate.map { offered in
                " offered_per_s=\(Self.format(offered, 1)) late=\(outcomes.reduce(0) { $0 + $1.late })"
                    + " max_late_ms=\(Self.format(Double(outcomes.map(\.maxLatenessMicroseconds).max() ?? 0) / 1000, 2))"
            } ?? "")
    }

    func errorLines() -> [String] {
        var lines: [String] = []
        if refused > 0 { lines.append("refused messages: \(refused)") }
        if unanswered > 0 { lines.append("messages without a reply: \(unanswered)") }
        if failedSessions > 0 { lines.append("failed sessions: \(failedSessions)") }
        var seen = Set<String>()
        for text in outcomes.flatMap({ $0.errors + ($0.sessionFailure.map { [$0] } ?? []) }) where seen.insert(text).inserted {
            lines.append("  \(text)")
            if seen.count == 10 { break }
        }
        return lines
    }

    /// Nearest-rank percentile, in milliseconds.
    static func percentile(_ sorted: [UInt32], _ fraction: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return Double(sorted[min(sorted.count, max(1, rank)) - 1]) / 1000
    }

    static func format(_ value: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", value)
    }
}
