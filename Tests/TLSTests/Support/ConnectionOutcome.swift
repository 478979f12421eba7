import Synchronization
import TLS

/// What one side of a real connection saw, collected on the event loop and read by the test afterwards.
struct ConnectionOutcome: Sendable {
    var received = ""
    var session: TLSSessionInfo?
    var errors: [String] = []
    var tlsErrors: [TLSError] = []
}

/// Outcomes of every connection a test server accepted.
final class OutcomeLog: Sendable {
    private let entries = Mutex<[ConnectionOutcome]>([])

    func append(_ outcome: ConnectionOutcome) {
        self.entries.withLock { $0.append(outcome) }
    }

    var all: [ConnectionOutcome] {
        self.entries.withLock { $0 }
    }
}
