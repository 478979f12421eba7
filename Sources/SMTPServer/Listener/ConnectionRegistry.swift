import NIOConcurrencyHelpers
import NIOCore

/// The sessions of one listener: counted in total and per client IP for the connection limits, and
/// kept so that a graceful shutdown can reach each of them.
final class ConnectionRegistry: Sendable {
    private struct State {
        var channels: [ObjectIdentifier: any Channel] = [:]
        var perIP: [String: Int] = [:]
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
            state.channels[ObjectIdentifier(channel)] = channel
            state.perIP[ip, default: 0] += 1
            return .admitted
        }
    }

    func remove(_ channel: any Channel, ip: String) {
        state.withLockedValue { state in
            guard state.channels.removeValue(forKey: ObjectIdentifier(channel)) != nil else { return }
            state.perIP[ip, default: 1] -= 1
            if state.perIP[ip] == 0 { state.perIP[ip] = nil }
        }
    }

    var channels: [any Channel] {
        state.withLockedValue { Array($0.channels.values) }
    }

    var count: Int {
        state.withLockedValue { $0.channels.count }
    }
}
