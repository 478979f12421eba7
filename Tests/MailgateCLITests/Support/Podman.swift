import Foundation
import MailgateTestSupport

/// Podman as this machine can run it: runc as the runtime and the host's network (no network namespaces
/// for containers here), with Deploy/podman-host-setup.sh's containers.conf.
enum Podman {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static func run(_ arguments: [String], timeout: Duration = .seconds(120)) async throws -> ExternalTool.Result {
        try await ExternalTool.runLeavingDaemons("podman", ["--runtime", "runc"] + arguments, timeout: timeout)
    }

    /// Why containers cannot run at all here, or nil when they can; decided once, before the suite runs.
    static let unavailableReason: String? = {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/podman") else {
            return "podman is not installed (Scripts/setup --test installs it)"
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/podman")
        process.arguments = ["--runtime", "runc", "info"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return "podman cannot be started: \(error)" }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return "`podman --runtime runc info` failed (status \(process.terminationStatus))" }
        return nil
    }()

    static var available: Bool {
        if let reason = unavailableReason { print("ContainerImageTests skipped: \(reason)") }
        return unavailableReason == nil
    }
}
