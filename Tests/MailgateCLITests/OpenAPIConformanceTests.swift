import Foundation
import MailgateTestSupport
import Testing

/// `OpenAPI/openapi.yaml` held against the live server: schemathesis (PyPI) generates requests from the spec,
/// valid and invalid, sends them to a real `mailgate serve` (SQLite, relaying to aiosmtpd) and checks every
/// answer against the spec: no 5xx, only documented status codes and content types, bodies that validate
/// against the response schemas.
@Suite(.serialized) struct OpenAPIConformanceTests {
    static let spec = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("OpenAPI/openapi.yaml").path

    /// The checks that make a response wrong by the spec alone. The others (negative_data_rejection,
    /// positive_data_acceptance, ...) judge validation the spec cannot express: a string that is not an
    /// RFC 5321 mailbox is well-typed JSON and rightly answered 422, a documented status.
    static let checks = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"

    @Test func schemathesisFindsNoServerErrorAndNoResponseOutsideTheSpec() async throws {
        let directory = try TemporaryDirectory()
        let sink = try SMTPSink(directory: directory.path)
        try await sink.start()
        let gateway = try await SendAPITests.gateway(sink: sink)
        try await gateway.start()

        // Ids that exist, so the operations on one message reach past their 404: a scheduled outbound message
        // (cancelable while the run lasts) and a submitted one that no route matches (held).
        let sendAt = ISO8601DateFormatter().string(from: Date().addingTimeInterval(86_400))
        let (status, receipt) = try await SendAPITests.post(gateway, "/v1/messages", """
            {"from": "app@example.com", "to": ["one@example.net"], "subject": "Scheduled", "text": "Later.", "send_at": "\(sendAt)"}
            """)
        #expect(status == 202, "\(receipt)")
        let outboundID = try #require(receipt["id"] as? String)
        let submitted = try await gateway.swaks(to: "someone@example.org")
        let inboundID = String(try #require(submitted.output.firstMatch(of: /queued as ([0-9a-f-]+)/)?.1, "\(submitted.output)"))

        let config = try directory.write("schemathesis.toml", """
            [[operations]]
            include-path-regex = "^/v1/messages/\\\\{id\\\\}"
            parameters = { "path.id" = "\(outboundID)" }

            [[operations]]
            include-path-regex = "^/v1/inbound/messages/\\\\{id\\\\}"
            parameters = { "path.id" = "\(inboundID)" }
            """)
        // A fixed seed keeps a failure reproducible. 40 examples per operation and phase keep the run near 45 s
        // on two busy cores; --max-time would not bound it (fuzzing repeats until the budget is spent).
        // schemathesis runs in the temporary directory so nothing it writes lands in the tree.
        let result = try await ExternalTool.run("sh", ["-c", #"cd "$1" && shift && exec schemathesis "$@""#, "sh", directory.path,
            "--config-file", config, "run", Self.spec,
            "--url", gateway.base, "--header", "Authorization: Bearer \(gateway.apiKey)",
            "--checks", Self.checks, "--phases", "examples,coverage,fuzzing,stateful",
            "--max-examples", "40", "--workers", "2", "--seed", "20261205",
            "--generation-database", "none", "--request-timeout", "10", "--no-color",
        ], timeout: .seconds(110))
        #expect(result.status == 0, "schemathesis found responses outside the spec:\n\(result.output)\nmailgate:\n\(String(gateway.stderr.suffix(4000)))")
        #expect(result.output.contains("Stateful"), "the stateful phase did not run: \(result.output)")
        #expect(!result.output.contains("Missing test data"), "operations on one message never got past 404: \(result.output)")

        // The server is still whole afterwards: the scheduled message reads back, consistently with the spec.
        let after = try await SendAPITests.get(gateway, "/v1/messages/\(outboundID)")
        #expect(after.status == 200, "\(after.body)")
        await gateway.stop()
        await sink.stop()
    }
}
