import Foundation

/// Crash test for the queue stores.
///
///     queue-crash-test run --url sqlite:///tmp/x/q.db --dir /tmp/x --target 10000 --kills 5
///
/// `worker` is the mode the driver runs (and kills) as a child process.
@main
struct QueueCrashTest {
    static func main() async throws {
        var arguments = Array(CommandLine.arguments.dropFirst())
        guard !arguments.isEmpty else {
            print("usage: queue-crash-test run|worker --url URL --dir DIR --target N [--kills K]")
            exit(2)
        }
        let mode = arguments.removeFirst()
        var options: [String: String] = [:]
        while arguments.count >= 2 {
            options[arguments.removeFirst()] = arguments.removeFirst()
        }
        guard let url = options["--url"], let directory = options["--dir"] else {
            print("--url and --dir are required")
            exit(2)
        }
        let target = Int(options["--target"] ?? "10000") ?? 10000
        switch mode {
        case "worker":
            try await CrashWorker(url: url, directory: directory, target: target, drain: options["--drain"] != nil).run()
        case "run":
            let ok = try await CrashDriver(
                url: url, directory: directory, target: target, kills: Int(options["--kills"] ?? "5") ?? 5
            ).run()
            exit(ok ? 0 : 1)
        default:
            print("unknown mode \(mode)")
            exit(2)
        }
    }
}
