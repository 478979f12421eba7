import Foundation

/// The command line of `SMTPLoad`:
///
///     SMTPLoad send --mode plain|starttls|tls --port 2525 [--host 127.0.0.1] --sessions 32 --size 5120
///                   (--messages 20000 | --seconds 10) [--user U --password P] [--ca FILE [--server-name localhost]] [--threads 1]
///                   [--from a@example.com] [--to b@example.net] [--rate 500]
///     SMTPLoad idle --mode plain|starttls|tls --port 2525 --sessions 10000 [--hold 30] [--ready-file FILE]
///
/// `--messages` is the total over all sessions, split evenly (the first sessions take the remainder), so a
/// run's count is the same every time; `--seconds` instead sends until the time is up.
///
/// `--rate` makes the load open-loop: message `i` (over all sessions) is due at start + i / rate, session
/// `i % sessions` sends it, and a message that starts late (its session still busy) is timed from when it
/// was due, so a slow server cannot hide its queueing delay (no coordinated omission). Without it each
/// session sends back to back.
struct LoadOptions {
    enum Mode: String {
        case plain, starttls, tls
    }

    enum Command: String {
        case send, idle
    }

    struct UsageError: Error, CustomStringConvertible {
        var description: String
    }

    var command: Command
    var mode = Mode.plain
    var host = "127.0.0.1"
    var port = 0
    var sessions = 1
    var size = 5120
    var messages: Int?
    var seconds: Double?
    /// Messages per second over all sessions (open-loop); nil: back to back.
    var rate: Double?
    var user: String?
    var password: String?
    var caFile: String?
    /// The name the server's certificate is verified against when `--ca` is given.
    var serverName = "localhost"
    var threads = 1
    var from = "load@example.com"
    var to = "sink@example.net"
    /// Idle: how long to hold the connections once all are established.
    var hold: Double = 30
    /// Idle: a file written (with the established count) once every connection has had its EHLO answered,
    /// so a script knows when to measure the server.
    var readyFile: String?
    /// Connections being set up at once; more would overflow the server's accept backlog and wait on SYN
    /// retransmits instead of measuring anything.
    var connectConcurrency = 256

    static let usage = """
        usage: SMTPLoad send --mode plain|starttls|tls --port P --sessions N --size BYTES (--messages N | --seconds S)
                             [--host H] [--user U --password P] [--ca FILE [--server-name N]] [--threads N] [--from A] [--to A]
                             [--rate MSG_PER_S]
               SMTPLoad idle --mode plain|starttls|tls --port P --sessions N [--hold S] [--ready-file FILE]
        """

    init(arguments: [String]) throws(UsageError) {
        var arguments = arguments[...]
        guard let first = arguments.popFirst(), let command = Command(rawValue: first) else {
            throw UsageError(description: Self.usage)
        }
        self.command = command
        while let flag = arguments.popFirst() {
            guard let value = arguments.popFirst() else { throw UsageError(description: "\(flag) needs a value\n\(Self.usage)") }
            switch flag {
            case "--mode":
                guard let mode = Mode(rawValue: value) else { throw UsageError(description: "--mode: plain, starttls or tls") }
                self.mode = mode
            case "--host": host = value
            case "--port": port = try Self.integer(flag, value, 1...65535)
            case "--sessions": sessions = try Self.integer(flag, value, 1...1_000_000)
            case "--size": size = try Self.integer(flag, value, 256...(1 << 30))
            case "--messages": messages = try Self.integer(flag, value, 1...Int.max)
            case "--seconds": seconds = try Self.number(flag, value)
            case "--rate": rate = try Self.number(flag, value)
            case "--user": user = value
            case "--password": password = value
            case "--ca": caFile = value
            case "--server-name": serverName = value
            case "--threads": threads = try Self.integer(flag, value, 1...64)
            case "--from": from = value
            case "--to": to = value
            case "--hold": hold = try Self.number(flag, value)
            case "--ready-file": readyFile = value
            case "--connect-concurrency": connectConcurrency = try Self.integer(flag, value, 1...100_000)
            default: throw UsageError(description: "unknown option \(flag)\n\(Self.usage)")
            }
        }
        guard port != 0 else { throw UsageError(description: "--port is required") }
        if command == .send && (messages == nil) == (seconds == nil) {
            throw UsageError(description: "send needs exactly one of --messages and --seconds")
        }
        if (user == nil) != (password == nil) {
            throw UsageError(description: "--user and --password go together")
        }
    }

    private static func integer(_ flag: String, _ value: String, _ range: ClosedRange<Int>) throws(UsageError) -> Int {
        guard let number = Int(value), range.contains(number) else {
            throw UsageError(description: "\(flag): \(value) is not an integer in \(range)")
        }
        return number
    }

    private static func number(_ flag: String, _ value: String) throws(UsageError) -> Double {
        guard let number = Double(value), number > 0 else { throw UsageError(description: "\(flag): \(value) is not a positive number") }
        return number
    }
}
