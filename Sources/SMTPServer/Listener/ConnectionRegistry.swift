import NIOConcurrencyHelpers
import NIOCore

/// The connections of one listener: counted in total and per client IP for the connection limits, and
/// kept so that a graceful shutdown can reach each of them. Behind a proxy a connection is first counted
/// under the proxy's address while its PROXY header is awaited, then moved to the client it names.
final class ConnectionRegistry: Sendable {
    private struct State {
        var channels: [ObjectIdentifier: (channel: any Channel, ip: String)] = [:]
        var perIP: [String: Int] = [:]

        mutating func release(_ ip: String) {
            perIP[ip, default: 1] -= 1
            if perIP[ip] == 0 { perIP[ip] = nil }
        }
    }

    enum Admission: Equatable {
        case admitted
        case tooManyConnections
        case tooManyFromIP
    }

    private let state = NIOLockedValueBox(State())
    private let maximumConnections: Int
    private let maximumPerIP: Int

    init(maximumConnections: Int, maximumPerIP: Int) {
        self.maximumConnections = maximumConnections
        self.maximumPerIP = maximumPerIP
    }

    func admit(_ channel: any Channel, ip: String) -> Admission {
        state.withLockedValue { state in
            if state.channels.count >= maximumConnections { return .tooManyConnections }
            if state.perIP[ip, default: 0] >= maximumPerIP { return .tooManyFromIP }
            state.channels[ObjectIdentifier(channel)] = (channel, ip)
            state.perIP[ip, default: 0] += 1
            return .admitted
        }
    }

    /// Counts an admitted connection under `ip` instead of the address it was admitted with; refused (and
    /// left as it was) when `ip` is at its limit.
    func move(_ channel: any Channel, to ip: String) -> Admission {
        state.withLockedValue { state in
            guard let entry = state.channels[ObjectIdentifier(channel)] else { return .tooManyConnections }
            if entry.ip == ip { return .admitted }
            if state.perIP[ip, default: 0] >= maximumPerIP { return .tooManyFromIP }
            state.release(entry.ip)
            state.channels[ObjectIdentifier(channel)] = (channel, ip)
            state.perIP[ip, default: 0] += 1
            return .admitted
        }
    }

    func remove(_ channel: any Channel) {
        state.withLockedValue { state in
            guard let entry = state.channels.removeValue(forKey: ObjectIdentifier(channel)) else { return }
            state.release(entry.ip)
        }
    }

    var channels: [any Channel] {
        state.withLockedValue { $0.channels.values.map(\.channel) }
    }

    var count: Int {
        state.withLockedValue { $0.channels.count }
    }
}
