import Foundation
import MailgateTestSupport
import Testing

/// `mailgate probe` against real aiosmtpd smarthosts on loopback, with certificates from a test CA.
@Suite struct ProbeCommandTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    @Test func verifiedStartTLSWithAuthIsRecommended() async throws {
        let certificates = try await TestCertificates.make(in: directory)
        let smarthost = try TLSSmarthost(directory: directory.path, certificate: certificates.leaf, auth: "relay:s3cret-pass")
        try await smarthost.start()
        let passwordFile = try directory.write("password", "s3cret-pass\n")
        let result = try await MailgateProcess.run(
            ["probe", "127.0.0.1", "--port", String(smarthost.port), "--ca-file", certificates.caFile,
             "--user", "relay", "--password-file", passwordFile, "--timeout", "10"],
            directory: directory.path)
        await smarthost.stop()
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("127.0.0.1:\(smarthost.port) (STARTTLS): usable"))
        #expect(result.stdout.contains("certificate verified (chain and host name): yes"))
        #expect(result.stdout.contains("AUTH: succeeded"))
        #expect(result.stdout.contains("TLSv1."))
        #expect(result.stdout.contains("banner: upstream.test"))
        #expect(result.stdout.contains("certificate names: DNS:localhost, IP:127.0.0.1"))
        #expect(result.stdout.contains("certificate expires in: 1 days"))
        #expect(result.stdout.contains("AUTH mechanisms: "))
        #expect(result.stdout.contains(
            "- { host: 127.0.0.1, port: \(smarthost.port), tls: starttls, ca_file: \(certificates.caFile), username: relay, password_file: \(passwordFile) }"))
        #expect(!result.stdout.contains("s3cret-pass") && !result.stderr.contains("s3cret-pass"))
    }

    @Test func wrongPasswordIsReportedAndNotRecommended() async throws {
        let certificates = try await TestCertificates.make(in: directory)
        let smarthost = try TLSSmarthost(directory: directory.path, certificate: certificates.leaf, auth: "relay:right")
        try await smarthost.start()
        let passwordFile = try directory.write("password", "wrong\n")
        let result = try await MailgateProcess.run(
            ["probe", "127.0.0.1", "--port", String(smarthost.port), "--ca-file", certificates.caFile,
             "--user", "relay", "--password-file", passwordFile],
            directory: directory.path)
        await smarthost.stop()
        #expect(result.status == 69, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("AUTH: failed (535"))
        #expect(result.stdout.contains("certificate verified (chain and host name): yes"))
        #expect(!result.stdout.contains("relay.upstreams:"))
    }

    @Test func certificateForAnotherHostIsNotVerifiedNorRecommended() async throws {
        let certificates = try await TestCertificates.make(in: directory)
        let smarthost = try TLSSmarthost(directory: directory.path, certificate: certificates.wrongHost, auth: nil, implicitTLS: true)
        try await smarthost.start()
        let result = try await MailgateProcess.run(
            ["probe", "127.0.0.1", "--port", String(smarthost.port), "--tls", "tls", "--ca-file", certificates.caFile],
            directory: directory.path)
        await smarthost.stop()
        #expect(result.status == 69, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("(implicit TLS): NOT usable"))
        #expect(result.stdout.contains("certificate verified (chain and host name): no"))
        // The unverified second look still describes the server.
        #expect(result.stdout.contains("CN=wrong.example.test"))
        #expect(result.stdout.contains("No usable port"))
    }

    @Test func nothingListeningExitsUnavailable() async throws {
        let port = try LoopbackPort.free()
        let result = try await MailgateProcess.run(["probe", "127.0.0.1", "--port", String(port), "--timeout", "3"], directory: directory.path)
        #expect(result.status == 69)
        #expect(result.stdout.contains("connect: failed"))
    }

    @Test func jsonReportParsesWithPythonAndHasTheFields() async throws {
        let certificates = try await TestCertificates.make(in: directory)
        let smarthost = try TLSSmarthost(directory: directory.path, certificate: certificates.leaf, auth: nil)
        try await smarthost.start()
        let result = try await MailgateProcess.run(
            ["probe", "127.0.0.1", "--port", String(smarthost.port), "--ca-file", certificates.caFile, "--json"],
            directory: directory.path)
        await smarthost.stop()
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let report = try directory.write("report.json", result.stdout)
        let check = """
            import json, sys
            r = json.load(open(sys.argv[1]))
            p = r["ports"][0]
            o = p["observation"]
            assert r["host"] == "127.0.0.1", r
            assert r["recommended_port"] == int(sys.argv[2]), r
            assert r["upstream_entry"].startswith("- { host: 127.0.0.1, port: %s, tls: starttls" % sys.argv[2]), r
            assert p["usable"] is True and o["verified"] is True, p
            assert o["tls_kind"] == "starttls" and o["start_tls_offered"] is True, o
            assert o["tls"]["version"].startswith("TLSv1.") and o["tls"]["cipher"], o
            assert isinstance(o["connect_milliseconds"], int), o
            assert o["auth"] == {"result": "not_tried"}, o
            assert "8BITMIME" in o["extensions"] and any(e.startswith("AUTH ") for e in o["extensions"]), o
            assert o["banner"].startswith("upstream.test"), o
            assert o["peer_certificate_names"] == ["DNS:localhost", "IP:127.0.0.1"], o
            assert p["days_to_expiry"] in (0, 1), p
            print("ok")
            """
        let script = try directory.write("check.py", check)
        let python = try await ExternalTool.run("python3", [script, report, String(smarthost.port)])
        #expect(python.status == 0 && python.output.contains("ok"), "\(python.output)\n\(result.stdout)")
    }
}
