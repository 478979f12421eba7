import Foundation
import MailgateTestSupport
import Testing

/// `mailgate serve` as a running process: the development default, signals and reload.
@Suite(.serialized) struct ServeTests {
    let directory: TemporaryDirectory
    let httpPort: Int
    let environment: [String: String]

    init() throws {
        directory = try TemporaryDirectory()
        httpPort = try LoopbackPort.free()
        environment = [
            "MAILGATE_HTTP_PORT": String(httpPort),
            "MAILGATE_SMTP_SUBMISSION_PORT": String(try LoopbackPort.free()),
            "MAILGATE_SMTP_SUBMISSIONS_PORT": String(try LoopbackPort.free()),
        ]
    }

    var base: String { "http://127.0.0.1:\(httpPort)" }

    @Test func developmentInstanceServesHealthAndStopsCleanlyOnSIGTERM() async throws {
        let server = try MailgateProcess(["serve"], environment: environment, directory: directory.path)
        let health = try await TestNetwork.waitUntilAnswering(base + "/healthz", within: .seconds(90))
        #expect(health?.status == 200, "stderr: \(server.stderr)")
        #expect(health?.body == #"{"status":"ok"}"#)
        #expect(try await TestNetwork.get(base + "/readyz")?.status == 200)
        let metrics = try await TestNetwork.get(base + "/metrics")
        #expect(metrics?.status == 200)

        let notice = server.stdout
        #expect(notice.contains("DEVELOPMENT instance"))
        #expect(notice.contains("SMTP user:     dev"))
        #expect(notice.contains("API key:       mgk_"))
        for file in ["tls.crt", "tls.key", "users", "api-keys"] {
            #expect(FileManager.default.fileExists(atPath: directory.path + "/mailgate-data/" + file), "\(file)")
        }
        #expect(server.stderr.contains("level=warning logger=mailgate msg=\"development instance"))

        server.signal(SIGTERM)
        let status = await server.waitForExit(within: .seconds(15))
        #expect(status == 0, "stderr: \(server.stderr)")
        #expect(server.stderr.contains("mailgate stopped"))
        #expect(try await TestNetwork.get(base + "/healthz") == nil, "the port is closed")

        // A second start keeps the generated credentials and shows no secrets.
        let second = try MailgateProcess([], environment: environment, directory: directory.path)
        #expect(try await TestNetwork.waitUntilAnswering(base + "/healthz", within: .seconds(90))?.status == 200)
        second.signal(SIGINT)
        #expect(await second.waitForExit(within: .seconds(15)) == 0)
        #expect(!second.stdout.contains("SMTP password"))
    }

    @Test func developmentInstanceRefusesANonLoopbackAddressOnEveryStart() async throws {
        let first = try MailgateProcess(["serve"], environment: environment, directory: directory.path)
        #expect(try await TestNetwork.waitUntilAnswering(base + "/healthz", within: .seconds(30))?.status == 200, "\(first.stderr)")
        first.signal(SIGTERM)
        #expect(await first.waitForExit(within: .seconds(15)) == 0)
        #expect(first.stdout.contains("API key:"), "the first start generated the credentials")

        // Nothing is left to generate, and a non-loopback address is refused all the same. 192.0.2.1 (TEST-NET-1)
        // is not on this machine: were the check gone, the bind would fail rather than expose anything.
        for variable in ["MAILGATE_HTTP_ADDRESS", "MAILGATE_SMTP_SUBMISSION_ADDRESS", "MAILGATE_SMTP_SUBMISSIONS_ADDRESS"] {
            let exposed = try await MailgateProcess.run(
                ["serve"], environment: environment.merging([variable: "192.0.2.1"]) { $1 }, directory: directory.path)
            #expect(exposed.status == 78, "\(variable): \(exposed.stderr)")
            #expect(exposed.stderr.contains("environment variable \(variable)"), "\(exposed.stderr)")
            #expect(exposed.stderr.contains("loopback only, not on 192.0.2.1"), "\(exposed.stderr)")
            let check = try await MailgateProcess.run(
                ["check-config"], environment: environment.merging([variable: "192.0.2.1"]) { $1 }, directory: directory.path)
            #expect(check.status == 78, "check-config refuses it too: \(check.stderr)")
        }
    }

    @Test func healthExits0OnlyWhileTheGatewayAnswers200() async throws {
        // Before the start nothing listens: the probe fails instead of hanging.
        let before = try await MailgateProcess.run(["health", "--timeout", "2"], environment: environment, directory: directory.path)
        #expect(before.status == 1)
        #expect(before.stderr.contains("unhealthy: \(base)/healthz"))

        let server = try MailgateProcess(["serve"], environment: environment, directory: directory.path)
        #expect(try await TestNetwork.waitUntilAnswering(base + "/healthz", within: .seconds(90))?.status == 200, "\(server.stderr)")
        // The default URL follows MAILGATE_HTTP_PORT, as in a container sharing the server's environment.
        let healthy = try await MailgateProcess.run(["health"], environment: environment, directory: directory.path)
        #expect(healthy.status == 0, "\(healthy.stderr)")
        #expect(healthy.stdout.contains("healthy: \(base)/healthz"))
        let explicit = try await MailgateProcess.run(["health", "--url", base + "/readyz"], directory: directory.path)
        #expect(explicit.status == 0, "\(explicit.stderr)")
        let notFound = try await MailgateProcess.run(["health", "--url", base + "/no-such-path"], directory: directory.path)
        #expect(notFound.status == 1)
        #expect(notFound.stderr.contains("HTTP 404"))

        server.signal(SIGTERM)
        #expect(await server.waitForExit(within: .seconds(15)) == 0)
        let after = try await MailgateProcess.run(["health", "--timeout", "2"], environment: environment, directory: directory.path)
        #expect(after.status == 1)
    }

    @Test func developmentInstanceAcceptsMailOverBothSubmissionPorts() async throws {
        let server = try MailgateProcess(["serve"], environment: environment, directory: directory.path)
        #expect(try await TestNetwork.waitUntilAnswering(base + "/healthz", within: .seconds(90))?.status == 200, "\(server.stderr)")
        let password = try #require(server.stdout.split(separator: "\n").first { $0.hasPrefix("SMTP password:") }?
            .split(separator: " ").last.map(String.init))
        for (port, tlsFlag) in [(environment["MAILGATE_SMTP_SUBMISSION_PORT"]!, "--tls"), (environment["MAILGATE_SMTP_SUBMISSIONS_PORT"]!, "--tlsc")] {
            let swaks = Process()
            swaks.executableURL = URL(fileURLWithPath: "/usr/bin/swaks")
            swaks.arguments = [
                "--server", "127.0.0.1", "--port", port, tlsFlag, "--auth", "PLAIN", "--auth-user", "dev",
                "--auth-password", password, "--from", "app@example.com", "--to", "someone@example.net",
            ]
            let output = Pipe()
            swaks.standardOutput = output
            swaks.standardError = output
            try swaks.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            swaks.waitUntilExit()
            #expect(swaks.terminationStatus == 0, "\(text)")
            #expect(text.contains("250 2.0.0 Ok: queued as"), "\(text)")
        }
        let metrics = try await TestNetwork.get(base + "/metrics")?.body ?? ""
        #expect(metrics.contains("mailgate_smtp_sessions_total"), "\(metrics)")
        #expect(metrics.contains("mailgate_queue_jobs"), "the queue gauges are reported")
        #expect(metrics.contains("mailgate_queue_enqueued_messages_total"))
        server.signal(SIGTERM)
        #expect(await server.waitForExit(within: .seconds(15)) == 0, "\(server.stderr)")
        #expect(server.stderr.contains("queue store closed"))
        // The dev user sent as app@example.com: allowed here, and said so at start.
        #expect(server.stderr.contains("smtp.sender_default is any"), "\(server.stderr)")
    }

    @Test func connectionLimitsAndTimeoutsComeFromTheConfiguration() async throws {
        var limited = environment
        limited["MAILGATE_SMTP_MAX_CONNECTIONS_PER_IP"] = "2"
        limited["MAILGATE_SMTP_COMMAND_TIMEOUT"] = "1s"
        let server = try MailgateProcess(["serve"], environment: limited, directory: directory.path)
        #expect(try await TestNetwork.waitUntilAnswering(base + "/healthz", within: .seconds(90))?.status == 200, "\(server.stderr)")
        // Three connections from one IP: one is refused; the other two time out after 1 s of silence.
        let script = """
        import socket, sys, time
        port = int(sys.argv[1])
        held = [socket.create_connection(("127.0.0.1", port)) for _ in range(3)]
        for s in held: s.settimeout(10)
        greetings = [s.recv(200).decode() for s in held]
        time.sleep(1.5)
        # Which of the three is refused depends on the order the server's event loops register them in.
        late = [s.recv(200).decode() for s, g in zip(held, greetings) if g.startswith("220 ")]
        print("|".join(sorted(greetings) + late))
        """
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", script, limited["MAILGATE_SMTP_SUBMISSION_PORT"]!]
        let output = Pipe()
        python.standardOutput = output
        try python.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        python.waitUntilExit()
        let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).components(separatedBy: "|")
        try #require(parts.count == 5, "\(text)")
        #expect(parts[0].hasPrefix("220 ") && parts[1].hasPrefix("220 "), "two connections from one IP are greeted: \(parts)")
        #expect(parts[2].hasPrefix("421 4.7.0"), "a third one is refused: \(parts[2])")
        #expect(parts[3].hasPrefix("421 4.4.2") && parts[4].hasPrefix("421 4.4.2"), "silent sessions time out: \(parts[3...])")
        server.signal(SIGTERM)
        #expect(await server.waitForExit(within: .seconds(15)) == 0)
    }

    /// `smtp.submission.proxy_protocol` reaches the listener, and the SMTP metrics reach `/metrics`
    /// through the real Prometheus registry.
    @Test func proxyProtocolAndSMTPMetricsComeFromTheConfiguration() async throws {
        var proxied = environment
        proxied["MAILGATE_SMTP_SUBMISSION_PROXY_PROTOCOL"] = "true"
        proxied["MAILGATE_SMTP_SUBMISSION_PROXY_PROTOCOL_TRUSTED"] = "127.0.0.1"
        let server = try MailgateProcess(["serve"], environment: proxied, directory: directory.path)
        #expect(try await TestNetwork.waitUntilAnswering(base + "/healthz", within: .seconds(90))?.status == 200, "\(server.stderr)")
        let script = #"""
            import socket, sys
            port = int(sys.argv[1])
            proxied = socket.create_connection(("127.0.0.1", port), timeout=10)
            proxied.sendall(b"PROXY TCP4 203.0.113.9 127.0.0.1 40000 587\r\n")
            greeting = proxied.recv(200).decode().strip()
            bare = socket.create_connection(("127.0.0.1", port), timeout=10)
            bare.sendall(b"EHLO no-header.test\r\n")
            closed = bare.recv(200) == b""
            print(greeting + "|" + str(closed))
            """#
        let outputPath = directory.path + "/python-\(UUID().uuidString).out"
        FileManager.default.createFile(atPath: outputPath, contents: nil)
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", script, proxied["MAILGATE_SMTP_SUBMISSION_PORT"]!]
        python.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        try python.run()
        let deadline = ContinuousClock.now + .seconds(30)
        while python.isRunning && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        #expect(text.hasPrefix("220 ") && text.contains("|True"), "a proxied client is greeted, a bare one closed: \(text)")
        let metrics = try await TestNetwork.get(base + "/metrics")?.body ?? ""
        #expect(metrics.contains(#"mailgate_smtp_rejections_total{listener="smtp.submission",reason="proxy_protocol"} 1"#), "\(metrics)")
        #expect(metrics.contains(#"mailgate_smtp_sessions_total{listener="smtp.submission"} 1"#), "\(metrics)")
        #expect(metrics.contains("mailgate_smtp_sessions_active"))
        server.signal(SIGTERM)
        #expect(await server.waitForExit(within: .seconds(15)) == 0)
        #expect(server.stderr.contains("PROXY protocol header malformed: no PROXY protocol header; connection closed"), "\(server.stderr)")
    }

    @Test func refusesToGenerateCredentialsOnANonLoopbackAddress() async throws {
        var exposed = environment
        exposed["MAILGATE_SMTP_SUBMISSION_ADDRESS"] = "0.0.0.0"
        let result = try await MailgateProcess.run(["serve"], environment: exposed, directory: directory.path)
        #expect(result.status == 78)
        #expect(result.stderr.contains("environment variable MAILGATE_SMTP_SUBMISSION_ADDRESS: smtp.submission.address"), "\(result.stderr)")
        #expect(result.stderr.contains("loopback only, not on 0.0.0.0"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/mailgate-data"))
        #expect(!result.stdout.contains("password"))
    }

    @Test func invalidConfigurationStopsTheStartWith78() async throws {
        var broken = environment
        broken["MAILGATE_HTTP_PORT"] = "not-a-port"
        let result = try await MailgateProcess.run(["serve"], environment: broken, directory: directory.path)
        #expect(result.status == 78)
        #expect(result.stderr.contains("environment variable MAILGATE_HTTP_PORT: http.port: \"not-a-port\" is not a valid TCP port"))
    }

    @Test func anUnwritableOrCorruptStoreStopsTheStartAndIsNotReset() async throws {
        var unwritable = environment
        unwritable["MAILGATE_STORAGE_URL"] = "sqlite:///sys/mailgate.db"
        let refused = try await MailgateProcess.run(["serve"], environment: unwritable, directory: directory.path)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("cannot open queue store /sys/mailgate.db"), "\(refused.stderr)")

        let garbage = String(repeating: "not a database ", count: 500)
        let corrupt = try directory.write("mailgate-data/mailgate.db", garbage)
        let result = try await MailgateProcess.run(["serve"], environment: environment, directory: directory.path)
        #expect(result.status == 1)
        #expect(result.stderr.contains("mailgate-data/mailgate.db"), "the error names the file: \(result.stderr)")
        #expect(try String(contentsOfFile: corrupt, encoding: .utf8) == garbage, "never a silent reset")
    }

    @Test func aPortInUseFailsTheStartWithoutHanging() async throws {
        let blocker = try MailgateProcess(["serve"], environment: environment, directory: directory.path)
        #expect(try await TestNetwork.waitUntilAnswering(base + "/healthz", within: .seconds(90))?.status == 200)
        let second = try MailgateProcess(["serve"], environment: environment, directory: directory.path)
        let status = await second.waitForExit(within: .seconds(20))
        #expect(status != nil && status != 0, "stderr: \(second.stderr)")
        blocker.signal(SIGTERM)
        #expect(await blocker.waitForExit(within: .seconds(15)) == 0)
    }

    @Test func sighupReloadsLogLevelAndKeysAndKeepsTheOldConfigurationWhenTheNewOneIsBroken() async throws {
        let keys = try directory.write("api-keys", "a:\(String(repeating: "0", count: 64)):*\n")
        try FileManager.default.createDirectory(atPath: directory.path + "/data", withIntermediateDirectories: true)
        func config(level: String) -> String {
            """
            data_dir: \(directory.path)/data
            log: { level: \(level) }
            smtp: { submission: { enabled: false }, submissions: { enabled: false } }
            http: { address: 127.0.0.1, port: \(httpPort), api_keys_file: \(keys) }
            """
        }
        let path = try directory.write("mailgate.yaml", config(level: "info"))
        let server = try MailgateProcess(["serve", "--config", path], directory: directory.path)
        #expect(try await TestNetwork.waitUntilAnswering(base + "/healthz", within: .seconds(90))?.status == 200, "\(server.stderr)")

        try directory.write("api-keys", "a:\(String(repeating: "0", count: 64)):*\nb:\(String(repeating: "1", count: 64)):messages:send\n")
        try directory.write("mailgate.yaml", config(level: "debug"))
        server.signal(SIGHUP)
        #expect(try await eventually { server.stderr.contains("msg=\"reload applied: log level, users, API keys, routes and webhooks, sender rules\" api_keys=2") }, "\(server.stderr)")
        #expect(server.stderr.contains(" changed=log.level "), "the log names what changed: \(server.stderr)")
        #expect(!server.stderr.contains("SMTP certificate"), "no certificate is configured, so none is said to be reloaded")

        try directory.write("mailgate.yaml", config(level: "loud"))
        server.signal(SIGHUP)
        #expect(try await eventually { server.stderr.contains("reload refused: the configuration is invalid") }, "\(server.stderr)")
        #expect(try await TestNetwork.get(base + "/healthz")?.status == 200, "still serving")

        server.signal(SIGTERM)
        #expect(await server.waitForExit(within: .seconds(15)) == 0)
    }
}
