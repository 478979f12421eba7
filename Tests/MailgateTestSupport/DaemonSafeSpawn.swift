import Foundation

/// Starts a command with `posix_spawn`, its output in a file, for tools that leave a daemon behind (pg_ctl's
/// server, podman's conmon): the daemon inherits the descriptors Foundation's `Process` learns of an exit through,
/// so `Process` would wait for the daemon instead of the tool.
public enum DaemonSafeSpawn {
    /// The command runs from /tmp (`nobody` may not be allowed into the test's working directory), found on PATH.
    public static func spawn(_ arguments: [String], environment: [String: String] = [:], outputPath: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let wrapped = ["/bin/sh", "-c", "cd /tmp && exec \"$0\" \"$@\""] + arguments
        let argv = wrapped.map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, "/bin/sh", &actions, nil, argv, envp)
        guard result == 0 else {
            throw TemporaryPostgres.HarnessError(description: "cannot start \(arguments[0]): \(String(cString: strerror(result)))")
        }
        return pid
    }

    /// The exit code `waitpid` reported, or 128 + the signal that ended the process, as a shell would say it.
    public static func exitCode(_ status: Int32) -> Int32 {
        (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}
