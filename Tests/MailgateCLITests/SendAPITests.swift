import Foundation
import MailgateTestSupport
import Testing

/// The send API end to end: curl against a real `mailgate serve`, relaying to a real SMTP server (aiosmtpd),
/// the relayed bytes read back with Python's `email` package.
@Suite(.serialized) struct SendAPITests {
    static func json(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) ?? [:]
    }

    static func gateway(sink: SMTPSink, store: GatewayInstance.Store = .sqlite) async throws -> GatewayInstance {
        try await GatewayInstance(store: store, routes: """
            relay:
              upstream: { host: 127.0.0.1, port: \(sink.port), tls: none }
              retry: { initial_delay: 1s, max_delay: 2s }
            """)
    }

    static func post(_ gateway: GatewayInstance, _ path: String, _ body: String, key: String? = nil) async throws -> (status: Int, body: [String: Any]) {
        let answer = try #require(try await TestNetwork.request(
            "POST", gateway.base + path,
            headers: ["Authorization": "Bearer \(key ?? gateway.apiKey)", "Content-Type": "application/json"],
            body: Data(body.utf8), caFile: gateway.caFile))
        return (answer.status, json(answer.body))
    }

    static func get(_ gateway: GatewayInstance, _ path: String) async throws -> (status: Int, body: String) {
        try #require(try await TestNetwork.request(
            "GET", gateway.base + path, headers: ["Authorization": "Bearer \(gateway.apiKey)"], caFile: gateway.caFile))
    }

    @Test func aSendRequestIsBuiltRelayedAndReportedPerRecipient() async throws {
        let directory = try TemporaryDirectory()
        let sink = try SMTPSink(directory: directory.path)
        try await sink.start()
        let gateway = try await Self.gateway(sink: sink)
        try await gateway.start()

        let attachment = Data((0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        let request = """
            {"from": "Zoë Example <app@example.com>", "to": ["one@example.net", {"address": "bounce@example.net", "name": "B"}],
             "cc": ["later@example.net"], "bcc": ["hidden@example.net"], "subject": "Grüße, \\u65e5\\u672c",
             "text": "Hello there.\\nSecond line.", "html": "<p>Hello <b>there</b></p>",
             "headers": {"X-Campaign": "spring"}, "tags": ["welcome"], "metadata": {"user": "42"},
             "attachments": [{"filename": "data.bin", "content_type": "application/octet-stream",
                              "content_base64": "\(attachment.base64EncodedString())"}]}
            """
        let (status, receipt) = try await Self.post(gateway, "/v1/messages", request)
        #expect(status == 202, "\(receipt) \(gateway.stderr)")
        let id = try #require(receipt["id"] as? String)
        let messageID = try #require(receipt["message_id"] as? String)
        #expect(messageID.hasSuffix("@mx.e2e.example"))
        let queued = (receipt["recipients"] as? [[String: Any]] ?? []).map { "\($0["address"] ?? "")=\($0["status"] ?? "")" }
        #expect(queued == ["one@example.net=queued", "bounce@example.net=queued", "later@example.net=queued", "hidden@example.net=queued"])

        // The sink takes two recipients in one transaction, refuses one for good and defers one.
        let deadline = ContinuousClock.now + .seconds(30)
        while sink.transactions().isEmpty && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(100)) }
        let transaction = try #require(sink.transactions().first, "nothing relayed: \(gateway.stderr)")
        #expect(transaction.mailFrom == "app@example.com")
        #expect(Set(transaction.recipients) == ["one@example.net", "hidden@example.net"])

        var statuses: [String: String] = [:]
        let statusDeadline = ContinuousClock.now + .seconds(20)
        repeat {
            let answer = try await Self.get(gateway, "/v1/messages/\(id)")
            let recipients = Self.json(answer.body)["recipients"] as? [[String: Any]] ?? []
            statuses = Dictionary(uniqueKeysWithValues: recipients.map { ($0["address"] as? String ?? "", $0["status"] as? String ?? "") })
            if statuses["later@example.net"] == "deferred" { break }
            try await Task.sleep(for: .milliseconds(100))
        } while ContinuousClock.now < statusDeadline
        #expect(statuses == [
            "one@example.net": "relayed", "hidden@example.net": "relayed", "bounce@example.net": "bounced",
            "later@example.net": "deferred",
        ])
        let report = Self.json(try await Self.get(gateway, "/v1/messages/\(id)").body)
        #expect(report["tags"] as? [String] == ["welcome"])
        #expect(report["metadata"] as? [String: String] == ["user": "42"])
        let bounced = (report["recipients"] as? [[String: Any]] ?? []).first { $0["address"] as? String == "bounce@example.net" }
        let reply = try #require(bounced?["reply"] as? [String: Any])
        #expect(reply["code"] as? Int == 550 && reply["enhanced_code"] as? String == "5.1.1")

        // The deferred recipient is retried alone, and only it (the sink defers it every time).
        let retryDeadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < retryDeadline {
            let attempts = Self.json(try await Self.get(gateway, "/v1/messages/\(id)").body)["attempts"] as? Int ?? 0
            if attempts >= 2 { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(sink.transactions().count == 1, "the relayed recipients were sent again")

        // The raw endpoint returns the relayed bytes exactly; Python's email reads them back.
        let raw = try #require(try await TestNetwork.request("GET", gateway.base + "/v1/messages/\(id)/raw", headers: ["Authorization": "Bearer \(gateway.apiKey)"]))
        #expect(raw.status == 200)
        #expect(Data(raw.body.utf8) == transaction.data)
        let script = """
            import email, email.policy, hashlib, json, sys
            message = email.message_from_bytes(sys.stdin.buffer.read(), policy=email.policy.default)
            attachments = [hashlib.sha256(part.get_content()).hexdigest() for part in message.iter_attachments()]
            print(json.dumps({"from": str(message["From"]), "to": str(message["To"]), "cc": str(message["Cc"]),
                              "bcc": message["Bcc"], "subject": str(message["Subject"]),
                              "text": message.get_body(("plain",)).get_content(), "campaign": str(message["X-Campaign"]),
                              "message_id": str(message["Message-ID"]), "attachments": attachments}))
            """
        let parsed = try await ExternalTool.run("python3", ["-c", script], stdin: raw.body)
        let fields = Self.json(parsed.output)
        #expect(fields["from"] as? String == "Zoë Example <app@example.com>", "\(parsed.output)")
        #expect(fields["subject"] as? String == "Grüße, 日本")
        #expect(fields["to"] as? String == "one@example.net, B <bounce@example.net>")
        #expect(fields["cc"] as? String == "later@example.net")
        #expect(fields["bcc"] is NSNull, "Bcc must never reach the header")
        #expect((fields["text"] as? String)?.replacingOccurrences(of: "\r\n", with: "\n") == "Hello there.\nSecond line.\n"
            || (fields["text"] as? String)?.replacingOccurrences(of: "\r\n", with: "\n") == "Hello there.\nSecond line.")
        #expect(fields["campaign"] as? String == "spring")
        #expect(fields["message_id"] as? String == "<\(messageID)>")
        let expected = try await ExternalTool.run("python3", ["-c", "import base64,hashlib,sys; print(hashlib.sha256(base64.b64decode(sys.argv[1])).hexdigest())", attachment.base64EncodedString()])
        #expect(fields["attachments"] as? [String] == [expected.output.trimmingCharacters(in: .whitespacesAndNewlines)])
        await gateway.stop()
        await sink.stop()
    }

    @Test func badRequestsAreRefusedWithTheFieldAtFaultAndNothingIsStored() async throws {
        let directory = try TemporaryDirectory()
        let sink = try SMTPSink(directory: directory.path)
        let gateway = try await Self.gateway(sink: sink)
        try await gateway.start()

        let cases: [(body: String, status: Int, field: String?)] = [
            (#"{"from": "a@example.com", "to": ["not an address"], "text": "x"}"#, 422, "/to/0"),
            (#"{"from": "a@example.com", "to": ["b@example.com"], "text": "x", "headers": {"Bcc": "c@example.com"}}"#, 422, "/headers/Bcc"),
            (#"{"from": "a@example.com", "to": ["b@example.com"], "subject": "x\r\nBcc: c@example.com", "text": "x"}"#, 422, "/subject"),
            (#"{"from": "a@example.com", "to": ["b@example.com"]}"#, 422, "/text"),
            (#"{"from": "a@example.com", "to": [], "text": "x"}"#, 422, "/to"),
            (#"{"from": "a@example.com", "to": ["b@example.com"], "text": "x", "attachments": [{"filename": "f", "content_base64": "%%%"}]}"#, 422, "/attachments/0/content_base64"),
            (#"{"from": "a@example.com", "to": ["b@example.com"], "text": "x", "bogus": 1}"#, 400, nil),
            (#"{"from": "a@example.com", "to": "b@example.com", "text": "x"}"#, 400, "/to"),
            (#"{"from": "#, 400, nil),
        ]
        for item in cases {
            let (status, body) = try await Self.post(gateway, "/v1/messages", item.body)
            let error = body["error"] as? [String: Any]
            #expect(status == item.status, "\(item.body): \(body)")
            if let field = item.field { #expect(error?["field"] as? String == field, "\(item.body): \(body)") }
            #expect(error?["request_id"] is String)
        }
        let unauthenticated = try #require(try await TestNetwork.request("POST", gateway.base + "/v1/messages", body: Data("{}".utf8)))
        #expect(unauthenticated.status == 401)
        let listing = try await Self.get(gateway, "/v1/inbound/messages")
        #expect((Self.json(listing.body)["messages"] as? [Any])?.isEmpty == true, "\(listing.body)")
        await gateway.stop()
    }

    @Test func aScheduledMessageCanBeCanceledOnce() async throws {
        let directory = try TemporaryDirectory()
        let sink = try SMTPSink(directory: directory.path)
        try await sink.start()
        let gateway = try await Self.gateway(sink: sink)
        try await gateway.start()

        let sendAt = Date().addingTimeInterval(3600).formatted(.iso8601)
        let (status, receipt) = try await Self.post(
            gateway, "/v1/messages", #"{"from": "a@example.com", "to": ["b@example.com"], "text": "later", "send_at": "\#(sendAt)"}"#)
        #expect(status == 202, "\(receipt)")
        let id = try #require(receipt["id"] as? String)
        #expect((receipt["recipients"] as? [[String: Any]])?.first?["status"] as? String == "scheduled")
        let first = try #require(try await TestNetwork.request("DELETE", gateway.base + "/v1/messages/\(id)", headers: ["Authorization": "Bearer \(gateway.apiKey)"]))
        #expect(first.status == 200, "\(first.body)")
        #expect((Self.json(first.body)["recipients"] as? [[String: Any]])?.first?["status"] as? String == "canceled")
        let second = try #require(try await TestNetwork.request("DELETE", gateway.base + "/v1/messages/\(id)", headers: ["Authorization": "Bearer \(gateway.apiKey)"]))
        #expect(second.status == 409, "\(second.body)")
        let tooFar = Date().addingTimeInterval(8 * 86400).formatted(.iso8601)
        let (farStatus, farBody) = try await Self.post(
            gateway, "/v1/messages", #"{"from": "a@example.com", "to": ["b@example.com"], "text": "x", "send_at": "\#(tooFar)"}"#)
        #expect(farStatus == 422 && (farBody["error"] as? [String: Any])?["field"] as? String == "/send_at", "\(farBody)")
        #expect(sink.transactions().isEmpty)
        await gateway.stop()
        await sink.stop()
    }

    /// The legacy-app story: an application that only speaks SMTP submits to Mailgate, a `relay` route sends
    /// the mail on to the smarthost, and the SMTP reply's id follows each recipient through the send API.
    @Test func smtpSubmissionsOnARelayRouteReachTheUpstream() async throws {
        let directory = try TemporaryDirectory()
        let sink = try SMTPSink(directory: directory.path)
        try await sink.start()
        let gateway = try await GatewayInstance(routes: """
            routes:
              - { name: onward, match: { domain: "example.net" }, action: relay }
            relay:
              upstream: { host: 127.0.0.1, port: \(sink.port), tls: none }
            """)
        try await gateway.start()

        let swaks = try await gateway.swaks(to: "one@example.net,bounce@example.net", subject: "Relayed")
        #expect(swaks.status == 0, "\(swaks.output)")
        let queued = try #require(swaks.output.range(of: "queued as ").map { swaks.output[$0.upperBound...].prefix { !$0.isWhitespace } })
        let id = String(queued)

        let deadline = ContinuousClock.now + .seconds(20)
        var statuses: [String: String] = [:]
        repeat {
            let answer = try await Self.get(gateway, "/v1/messages/\(id)")
            let recipients = Self.json(answer.body)["recipients"] as? [[String: Any]] ?? []
            statuses = Dictionary(uniqueKeysWithValues: recipients.map { ($0["address"] as? String ?? "", $0["status"] as? String ?? "") })
            if statuses.count == 2 && !statuses.values.contains("queued") { break }
            try await Task.sleep(for: .milliseconds(100))
        } while ContinuousClock.now < deadline
        #expect(statuses == ["one@example.net": "relayed", "bounce@example.net": "bounced"], "\(gateway.stderr)")
        let transaction = try #require(sink.transactions().first)
        #expect(transaction.mailFrom == "app@example.com")
        #expect(transaction.recipients == ["one@example.net"])
        let text = String(decoding: transaction.data, as: UTF8.self)
        #expect(text.hasPrefix("Received: from "), "our Received header leads the relayed message")
        #expect(text.contains("Subject: Relayed"))
        await gateway.stop()
        await sink.stop()
    }

    /// Delivery events reach the event webhooks that asked for their type, signed, with the upstream's reply and
    /// the caller's tags and metadata; a type a webhook did not ask for is not sent to it.
    @Test func relayOutcomesArePublishedToEventWebhooks() async throws {
        let directory = try TemporaryDirectory()
        let sink = try SMTPSink(directory: directory.path)
        try await sink.start()
        let receiver = try WebhookReceiver(directory: directory.path)
        try await receiver.start()
        let gateway = try await GatewayInstance(routes: """
            relay:
              upstream: { host: 127.0.0.1, port: \(sink.port), tls: none }
            events:
              webhooks:
                - { url: "\(receiver.url)/all", secret: "\(receiver.secret)", allow_loopback: true }
                - { url: "\(receiver.url)/bounces", secret: "\(receiver.secret)", allow_loopback: true, types: [message.bounced] }
            """)
        try await gateway.start()
        let (status, receipt) = try await Self.post(
            gateway, "/v1/messages",
            #"{"from": "a@example.com", "to": ["one@example.net", "bounce@example.net"], "text": "x", "tags": ["t"], "metadata": {"k": "v"}}"#)
        #expect(status == 202, "\(receipt)")
        let id = try #require(receipt["id"] as? String)
        let requests = try await receiver.wait(within: .seconds(20)) { $0.filter { $0.event == "answered" }.count >= 3 }
        let answered = requests.filter { $0.event == "answered" }
        #expect(answered.allSatisfy { $0.verified }, "every event is signed the Standard Webhooks way")
        let all = answered.filter { $0.path == "/all" }.compactMap(\.json)
        let bounces = answered.filter { $0.path == "/bounces" }.compactMap(\.json)
        #expect(Set(all.compactMap { $0["type"] as? String }) == ["message.relayed", "message.bounced"], "\(all)")
        #expect(bounces.compactMap { $0["type"] as? String } == ["message.bounced"])
        let bounced = try #require(bounces.first)
        #expect(bounced["message_id"] as? String == id)
        #expect(bounced["recipient"] as? String == "bounce@example.net")
        #expect((bounced["reply"] as? [String: Any])?["code"] as? Int == 550)
        #expect(bounced["tags"] as? [String] == ["t"] && bounced["metadata"] as? [String: String] == ["k": "v"])
        #expect(bounced["upstream"] as? String == "127.0.0.1:\(sink.port)")
        await gateway.stop()
        await receiver.stop()
        await sink.stop()
    }
}
