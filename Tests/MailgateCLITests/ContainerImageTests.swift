import Foundation
import MailgateTestSupport
import Testing

/// The image as an operator runs it: built by Deploy/build-image.sh, started non-root on a read-only root file
/// system, configured only through MAILGATE_* variables and mounted secret files, on the tests' PostgreSQL;
/// mail submitted with swaks over 587 (STARTTLS) and 465 reaches a webhook receiver signed, the inbound API
/// lists it, and `podman stop` drains it (`/readyz` 503 first, exit 0).
// It builds the static release binary and the image (about 15 minutes on two idle cores), so Scripts/test runs it
// alone after the rest of the suite (MAILGATE_CONTAINER_TEST=1), never beside the timing-sensitive tests;
// `MAILGATE_CONTAINER_TEST=1 Scripts/test --filter ContainerImageTests` runs it by itself.
@Suite(
    .serialized, .enabled(if: ProcessInfo.processInfo.environment["MAILGATE_CONTAINER_TEST"] == "1", "run by Scripts/test after the suite (MAILGATE_CONTAINER_TEST=1)"),
    .enabled(if: Podman.available, "podman cannot run containers on this machine"))
struct ContainerImageTests {
    @Test func theImageRunsNonRootReadOnlyAndDeliversAndDrains() async throws {
        let started = ContinuousClock.now
        let image = "localhost/mailgate:test"
        let build = try await ExternalTool.run(Podman.repository + "/Deploy/build-image.sh", [image], timeout: .seconds(3600))
        try #require(build.status == 0, "\(build.output)")
        let built = ContinuousClock.now
        print("ContainerImageTests: image built in \(built - started)")
        let inspect = try await Podman.run(["image", "inspect", "--format", "{{.Config.User}} {{.Size}} {{index .Config.Labels \"org.opencontainers.image.version\"}}", image])
        let fields = inspect.output.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ")
        #expect(fields.first == "10001:10001", "\(inspect.output)")
        if fields.count > 1, let size = Int(fields[1]) { print("ContainerImageTests: image size \(size / 1_000_000) MB") }

        // Secrets as a Kubernetes Secret mounts them (defaultMode 0440, fsGroup 10001): root's, read by the group
        // (the gateway refuses a secret open to others, and a root-owned one open to more than group read).
        let secrets = try TemporaryDirectory()
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: secrets.path)
        let certificate = try await ExternalTool.run("openssl", [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
            "-subj", "/CN=localhost", "-keyout", secrets.path + "/tls.key", "-out", secrets.path + "/tls.crt",
        ])
        try #require(certificate.status == 0, "\(certificate.output)")
        let password = "correct horse battery"
        let hash = try await ExternalTool.run("openssl", ["passwd", "-6", password])
        try secrets.write("users", "app:\(hash.output.trimmingCharacters(in: .whitespacesAndNewlines))\n")
        let apiKey = "mgk_container_" + UUID().uuidString
        let digest = try await ExternalTool.run("python3", ["-c", "import hashlib,sys; print(hashlib.sha256(sys.argv[1].encode()).hexdigest())", apiKey])
        try secrets.write("api-keys", "ops:\(digest.output.trimmingCharacters(in: .whitespacesAndNewlines)):*\n")
        let postgres = try TemporaryPostgres.shared.get()
        try secrets.write("storage-url", postgres.url(database: try postgres.createDatabase()) + "\n")

        let work = try TemporaryDirectory()
        let receiver = try WebhookReceiver(directory: work.path)
        try await receiver.start()
        try secrets.write("webhook-secret", receiver.secret + "\n")
        for file in ["tls.key", "tls.crt", "users", "api-keys", "storage-url", "webhook-secret"] {
            _ = try await ExternalTool.run("chown", ["0:10001", secrets.path + "/" + file])
            try FileManager.default.setAttributes([.posixPermissions: 0o440], ofItemAtPath: secrets.path + "/" + file)
        }
        // The volume, owned by the image's uid as an operator (or fsGroup) would make it.
        let volume = work.path + "/data"
        try FileManager.default.createDirectory(atPath: volume, withIntermediateDirectories: true)
        _ = try await ExternalTool.run("chown", ["10001:10001", volume])

        let httpPort = try LoopbackPort.free()
        let base = "http://127.0.0.1:\(httpPort)"
        let name = "mailgate-test-\(UUID().uuidString.prefix(8))"
        let environment = [
            "MAILGATE_HOSTNAME": "mx.container.example",
            "MAILGATE_SMTP_SUBMISSION_ADDRESS": "127.0.0.1",
            "MAILGATE_SMTP_SUBMISSIONS_ADDRESS": "127.0.0.1",
            "MAILGATE_SMTP_TLS_CERTIFICATE": "/run/secrets/mailgate/tls.crt",
            "MAILGATE_SMTP_TLS_KEY": "/run/secrets/mailgate/tls.key",
            "MAILGATE_SMTP_USERS_FILE": "/run/secrets/mailgate/users",
            // The user app sends as app@example.com: not its own domain (its name is no address).
            "MAILGATE_SMTP_SENDERS_0_USER": "app",
            "MAILGATE_SMTP_SENDERS_0_ALLOW": "*@example.com",
            "MAILGATE_HTTP_ADDRESS": "127.0.0.1",
            "MAILGATE_HTTP_PORT": String(httpPort),
            "MAILGATE_HTTP_API_KEYS_FILE": "/run/secrets/mailgate/api-keys",
            "MAILGATE_STORAGE_URL_FILE": "/run/secrets/mailgate/storage-url",
            "MAILGATE_ROUTES_0_NAME": "support",
            "MAILGATE_ROUTES_0_MATCH_DOMAIN": "support.example.com",
            "MAILGATE_ROUTES_0_WEBHOOK_URL": receiver.url + "/support",
            "MAILGATE_ROUTES_0_WEBHOOK_SECRET_FILE": "/run/secrets/mailgate/webhook-secret",
            "MAILGATE_ROUTES_0_WEBHOOK_ALLOW_LOOPBACK": "true",
            "MAILGATE_DELIVERY_POLL_INTERVAL": "100ms",
        ]
        let run = try await Podman.run(
            ["run", "-d", "--name", name, "--network", "host", "--read-only", "--cap-drop", "ALL", "--cap-add", "NET_BIND_SERVICE",
             "-v", secrets.path + ":/run/secrets/mailgate:ro", "-v", volume + ":/var/lib/mailgate"]
                + environment.sorted(by: { $0.key < $1.key }).flatMap { ["-e", "\($0.key)=\($0.value)"] } + [image])
        try #require(run.status == 0, "\(run.output)")
        defer { _ = Task { _ = try? await Podman.run(["rm", "-f", name]) } }
        func logs() async -> String { (try? await Podman.run(["logs", name]).output) ?? "" }

        let ready = try await TestNetwork.waitUntilAnswering(base + "/readyz", within: .seconds(60))
        let startLog = await logs()
        try #require(ready?.status == 200, "\(startLog)")
        let user = try await Podman.run(["exec", name, "/usr/local/bin/mailgate", "health"])
        #expect(user.status == 0, "the image's HEALTHCHECK command: \(user.output)")
        let check = try await Podman.run(["healthcheck", "run", name])
        #expect(check.status == 0, "podman healthcheck run: \(check.output)")
        let processUser = try await Podman.run(["top", name, "user", "huser", "args"])
        #expect(processUser.output.contains("mailgate"), "\(processUser.output)")
        #expect(!processUser.output.split(separator: "\n").dropFirst().contains { $0.hasPrefix("root") }, "\(processUser.output)")

        for (port, flag) in [("587", "--tls"), ("465", "--tlsc")] {
            let swaks = try await ExternalTool.run("swaks", [
                "--server", "127.0.0.1", "--port", port, flag, "--auth", "PLAIN", "--auth-user", "app", "--auth-password", password,
                "--from", "app@example.com", "--to", "help@support.example.com", "--header", "Subject: Over \(port)",
            ], timeout: .seconds(60))
            #expect(swaks.status == 0 && swaks.output.contains("250 2.0.0"), "port \(port): \(swaks.output)")
        }

        let seen = try await receiver.wait(within: .seconds(30)) { $0.filter { $0.event == "answered" }.count >= 2 }
        let answered = seen.filter { $0.event == "answered" }
        let deliveryLog = await logs()
        #expect(answered.count == 2, "\(receiver.diagnostics) \(deliveryLog)")
        #expect(answered.allSatisfy { $0.verified }, "signed with the secret from the mounted file")
        let subjects = Set(answered.compactMap { ($0.json?["message"] as? [String: Any])?["subject"] as? String })
        #expect(subjects == ["Over 587", "Over 465"])

        let listing = try await ExternalTool.run("curl", ["-s", "-m", "10", "-H", "Authorization: Bearer \(apiKey)", base + "/v1/inbound/messages"])
        let messages = (try? JSONSerialization.jsonObject(with: Data(listing.output.utf8)) as? [String: Any])?["messages"] as? [[String: Any]]
        #expect(Set((messages ?? []).compactMap { $0["subject"] as? String }) == ["Over 587", "Over 465"], "\(listing.output)")

        // The drain: `/readyz` turns 503 while the process still answers, then the process exits 0.
        let poller = Task {
            var statuses: [Int] = []
            while !Task.isCancelled {
                guard let answer = try? await TestNetwork.get(base + "/readyz") else {
                    if !statuses.isEmpty { break } else { continue }
                }
                if statuses.last != answer.status { statuses.append(answer.status) }
                try? await Task.sleep(for: .milliseconds(5))
            }
            return statuses
        }
        try await Task.sleep(for: .milliseconds(200))
        let stopped = ContinuousClock.now
        let stop = try await Podman.run(["stop", "--time", "40", name], timeout: .seconds(60))
        #expect(stop.status == 0, "\(stop.output)")
        let drain = ContinuousClock.now - stopped
        poller.cancel()
        let statuses = await poller.value
        // 503 lasts only from the readiness flip to the HTTP listener's close (the order the service group stops
        // in), so a poller may miss it; anything but 200 then 503 is wrong.
        #expect(statuses.first == 200 && statuses.allSatisfy { $0 == 200 || $0 == 503 }, "readiness seen while stopping: \(statuses)")
        print("ContainerImageTests: readiness while stopping: \(statuses)")
        let exit = try await Podman.run(["inspect", "--format", "{{.State.ExitCode}}", name])
        let stopLog = await logs()
        #expect(exit.output.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "\(exit.output) \(stopLog)")
        #expect(stopLog.contains("mailgate stopped"), "\(stopLog)")
        print("ContainerImageTests: drained in \(drain); whole test \(ContinuousClock.now - started)")
    }
}
