import Foundation
import Synchronization

/// What the sink has seen, shared by the connections of every event loop thread.
final class SinkStatistics: Sendable {
    struct State {
        var requests = 0
        var ids = Set<String>()
        var signatureFailures = 0
        /// Requests whose JSON carried no `X-Load-Sent` (smtp-source cannot add one).
        var unstamped = 0
        /// Nanoseconds from `X-Load-Sent` to the 2xx, per stamped request.
        var latencies: [Int64] = []
        var firstRequest: Int64?
        var lastRequest: Int64 = 0
    }

    private let state = Mutex(State())

    /// Records one answered request; returns the number of distinct ids so far.
    func record(id: String, signatureValid: Bool, latency: Int64?, at now: Int64) -> Int {
        state.withLock { state in
            state.requests += 1
            state.ids.insert(id)
            if !signatureValid { state.signatureFailures += 1 }
            if let latency { state.latencies.append(latency) } else { state.unstamped += 1 }
            if state.firstRequest == nil { state.firstRequest = now }
            state.lastRequest = now
            return state.ids.count
        }
    }

    var lastRequest: Int64? {
        state.withLock { $0.firstRequest == nil ? nil : $0.lastRequest }
    }

    /// One `key=value` line for scripts: times are Unix epoch nanoseconds, the rate is distinct ids over the
    /// window from the first request to the last, latencies nearest-rank percentiles in milliseconds.
    func reportLine(reason: String) -> String {
        var snapshot = state.withLock { $0 }
        snapshot.latencies.sort()
        let first = snapshot.firstRequest ?? 0
        let seconds = Double(snapshot.lastRequest - first) / 1e9
        let rate = seconds > 0 ? Double(snapshot.ids.count) / seconds : 0
        func percentile(_ fraction: Double) -> String {
            guard !snapshot.latencies.isEmpty else { return "-" }
            let rank = Int((fraction * Double(snapshot.latencies.count)).rounded(.up))
            return String(format: "%.2f", Double(snapshot.latencies[min(snapshot.latencies.count, max(1, rank)) - 1]) / 1e6)
        }
        return "sink: reason=\(reason) requests=\(snapshot.requests) unique_ids=\(snapshot.ids.count)"
            + " duplicates=\(snapshot.requests - snapshot.ids.count) signature_failures=\(snapshot.signatureFailures)"
            + " stamped=\(snapshot.latencies.count) unstamped=\(snapshot.unstamped)"
            + " first_ns=\(first) last_ns=\(snapshot.lastRequest) seconds=\(String(format: "%.3f", seconds))"
            + " msg_per_s=\(String(format: "%.1f", rate))"
            + " p50_ms=\(percentile(0.50)) p90_ms=\(percentile(0.90)) p99_ms=\(percentile(0.99)) max_ms=\(percentile(1.0))"
    }

    static func epochNanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }
}
