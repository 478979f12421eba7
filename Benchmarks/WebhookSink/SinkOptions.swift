import Foundation

/// The command line of `WebhookSink`:
///
///     WebhookSink --port 8099 --secret whsec_… [--expect N] [--idle-timeout 10] [--threads 1]
///
/// It runs until SIGINT/SIGTERM, until `--expect` distinct `webhook-id`s have been answered, or until no
/// request has come for `--idle-timeout` seconds after the first one; then prints its report.
struct SinkOptions {
    struct UsageError: Error, CustomStringConvertible {
        var description: String
    }

    var port = 0
    var secret = ""
    var expect: Int?
    var idleTimeout: Double?
    var threads = 1

    static let usage = "usage: WebhookSink --port P --secret S [--expect N] [--idle-timeout SECONDS] [--threads N]"

    init(arguments: [String]) throws(UsageError) {
        var arguments = arguments[...]
        while let flag = arguments.popFirst() {
            guard let value = arguments.popFirst() else { throw UsageError(description: "\(flag) needs a value\n\(Self.usage)") }
            switch flag {
            case "--port":
                guard let port = Int(value), (1...65535).contains(port) else { throw UsageError(description: "--port: 1-65535") }
                self.port = port
            case "--secret": secret = value
            case "--expect":
                guard let count = Int(value), count > 0 else { throw UsageError(description: "--expect: a positive count") }
                expect = count
            case "--idle-timeout":
                guard let seconds = Double(value), seconds > 0 else { throw UsageError(description: "--idle-timeout: positive seconds") }
                idleTimeout = seconds
            case "--threads":
                guard let threads = Int(value), (1...64).contains(threads) else { throw UsageError(description: "--threads: 1-64") }
                self.threads = threads
            default: throw UsageError(description: "unknown option \(flag)\n\(Self.usage)")
            }
        }
        guard port != 0, !secret.isEmpty else { throw UsageError(description: Self.usage) }
    }
}
