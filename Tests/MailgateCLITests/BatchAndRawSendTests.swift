import Foundation
import MailgateTestSupport
import Testing

/// Issue #11's batch and raw sends end to end: curl against a real `mailgate serve` (SQLite, and PostgreSQL
/// where the existing tests use it) relaying to aiosmtpd, Python's `email` reading the relayed bytes back.
@Suite(.serialized) struct BatchAndRawSendTests {
    static var stores: [GatewayInstance.Store] {
        ProcessInfo.processInfo.environment["CI"] == "true" || TemporaryPostgres.isAvailable ? GatewayInstance.Store.allCases : [.sqlite]
    }

    /// A started sink and a started gateway relaying to it. `more`: further YAML after the `relay` keys.
    static func started(
        _ directory: TemporaryDirectory, store: GatewayInstance.Store = .sqlite, http: String = "", more: String = ""
    ) async throws -> (SMTPSink, GatewayInstance) {
        let sink = try SMTPSink(directory: directory.path)
        try await sink.start()
        let gateway = try await GatewayInstance(store: store, routes: """
            relay:
              upstream: { host: 127.0.0.1, port: \(sink.port), tls: none }
              retry: { initial_delay: 1s, max_delay: 2s }
            \(more)
            """, http: http)
        try await gateway.start()
        return (sink, gateway)
    }

    /// A POST with curl: status, the header fields (lowercased names) and the body.
    static func post(
        _ gateway: GatewayInstance, _ path: String, _ body: Data, contentType: String = "application/json",
        headers extra: [String: String] = [:]
    ) async throws -> (status: Int, headers: [String: String], body: String) {
        let file = gateway.directory.path + "/body-\(UUID().uuidString)"
        try body.write(to: URL(fileURLWithPath: file))
        var arguments = ["-s", "-i", "-m", "60", "-X", "POST", "-H", "Authorization: Bearer \(gateway.apiKey)",
                         "-H", "Content-Type: \(contentType)", "--data-binary", "@" + file]
        for (name, value) in extra.sorted(by: { $0.key < $1.key }) { arguments += ["-H", "\(name): \(value)"] }
        let result = try await ExternalTool.run("curl", arguments + [gateway.base + path])
        #expect(result.status == 0, "curl: \(result.output)")
        let parts = result.output.components(separatedBy: "\r\n\r\n")
        let lines = parts[0].components(separatedBy: "\r\n")
        var fields: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let status = Int(lines[0].split(separator: " ").dropFirst().first ?? "") ?? 0
        return (status, fields, parts.dropFirst().joined(separator: "\r\n\r\n"))
    }

    static func results(_ body: String) -> [[String: Any]] {
        SendAPITests.json(body)["results"] as? [[String: Any]] ?? []
    }

    static func error(_ result: [String: Any]) -> (code: String?, field: String?) {
        let error = result["error"] as? [String: Any]
        return (error?["code"] as? String, error?["field"] as? String)
    }

    static func listed(_ gateway: GatewayInstance) async throws -> [String] {
        let listing = try await SendAPITests.get(gateway, "/v1/messages?limit=500")
        #expect(listing.status == 200, "\(listing.body)")
        return (SendAPITests.json(listing.body)["messages"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }

    static func statuses(_ gateway: GatewayInstance, _ id: String) async throws -> [String: String] {
        let answer = try await SendAPITests.get(gateway, "/v1/messages/\(id)")
        let recipients = SendAPITests.json(answer.body)["recipients"] as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: recipients.map { ($0["address"] as? String ?? "", $0["status"] as? String ?? "") })
    }

    static func waitForTransactions(_ sink: SMTPSink, _ count: Int) async throws -> [SMTPSink.Transaction] {
        let deadline = ContinuousClock.now + .seconds(30)
        while sink.transactions().count < count && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(100)) }
        return sink.transactions()
    }

    // MARK: Batches

    @Test(arguments: stores)
    func aBatchQueuesTheGoodItemsAndAnswersEachBadOneInItsPlace(_ store: GatewayInstance.Store) async throws {
        let directory = try TemporaryDirectory()
        let (sink, gateway) = try await Self.started(directory, store: store)

        let later = Date().addingTimeInterval(3600).formatted(.iso8601)
        let batch = """
            {"messages": [
              {"from": "app@example.com", "to": ["one@example.net"], "subject": "First", "text": "one", "tags": ["b"]},
              {"from": "app@example.com", "to": ["not an address"], "text": "two"},
              {"from": "app@example.com", "to": "two@example.net", "text": "three"},
              {"from": "app@example.com", "to": ["later-ok@example.org"], "text": "four", "send_at": "\(later)"},
              {"from": "app@example.com", "to": ["x@example.net"], "text": "five", "bogus": true},
              42,
              {"from": "app@example.com", "to": ["y@example.net"]}
            ]}
            """
        let answer = try await Self.post(gateway, "/v1/messages/batch", Data(batch.utf8))
        #expect(answer.status == 200, "\(answer.body) \(gateway.stderr)")
        let results = Self.results(answer.body)
        #expect(results.count == 7, "\(answer.body)")
        let first = try #require(results.first)
        let firstID = try #require(first["id"] as? String, "\(first)")
        #expect((first["recipients"] as? [[String: Any]])?.first?["status"] as? String == "queued")
        #expect(Self.error(results[1]) == ("unprocessable", "/messages/1/to/0"), "\(results[1])")
        #expect(Self.error(results[2]) == ("invalid_request", "/messages/2/to"), "\(results[2])")
        let scheduledID = try #require(results[3]["id"] as? String, "\(results[3])")
        #expect((results[3]["recipients"] as? [[String: Any]])?.first?["status"] as? String == "scheduled")
        #expect(Self.error(results[4]).code == "invalid_request", "\(results[4])")
        #expect(Self.error(results[4]).field?.hasPrefix("/messages/4") == true, "\(results[4])")
        #expect(Self.error(results[5]) == ("invalid_request", "/messages/5"), "\(results[5])")
        #expect(Self.error(results[6]) == ("unprocessable", "/messages/6/text"), "\(results[6])")
        let requestID = answer.headers["x-request-id"]
        #expect((results[1]["error"] as? [String: Any])?["request_id"] as? String == requestID)

        // The good ones are durable and visible; only they are.
        #expect(Set(try await Self.listed(gateway)) == [firstID, scheduledID])
        #expect(try await Self.statuses(gateway, scheduledID) == ["later-ok@example.org": "scheduled"])
        let transactions = try await Self.waitForTransactions(sink, 1)
        #expect(transactions.map(\.recipients) == [["one@example.net"]])
        let deadline = ContinuousClock.now + .seconds(20)
        while try await Self.statuses(gateway, firstID)["one@example.net"] != "relayed" && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(try await Self.statuses(gateway, firstID) == ["one@example.net": "relayed"])
        let report = SendAPITests.json(try await SendAPITests.get(gateway, "/v1/messages/\(firstID)").body)
        #expect(report["tags"] as? [String] == ["b"])
        await gateway.stop()
        await sink.stop()
    }

    /// A batch refused as a whole (too many items, none, not JSON) stores nothing; a batch whose every item is
    /// refused still answers 200 with each item's error, and the key's sender rules and recipient budget apply to
    /// each item alone.
    @Test func aWholeBatchRefusalStoresNothingAndEveryItemObeysTheKeysRules() async throws {
        let directory = try TemporaryDirectory()
        let (sink, gateway) = try await Self.started(directory, http: #", key_senders: [{ key: e2e, allow: ["*@billing.example.com"] }], rate_limits: { keys: [{ key: e2e, recipients_per_hour: 3 }] }"#)

        let item = #"{"from": "app@billing.example.com", "to": ["one@example.net"], "text": "x"}"#
        let tooMany = try await Self.post(
            gateway, "/v1/messages/batch", Data(#"{"messages": [\#(Array(repeating: item, count: 501).joined(separator: ","))]}"#.utf8))
        #expect(tooMany.status == 422, "\(tooMany.body)")
        #expect(Self.error(SendAPITests.json(tooMany.body)) == ("unprocessable", "/messages"))
        let none = try await Self.post(gateway, "/v1/messages/batch", Data(#"{"messages": []}"#.utf8))
        #expect(none.status == 422, "\(none.body)")
        let notJSON = try await Self.post(gateway, "/v1/messages/batch", Data(#"{"messages": [{"#.utf8))
        #expect(notJSON.status == 400, "\(notJSON.body)")
        #expect(try await Self.listed(gateway).isEmpty, "a refused batch left messages behind")
        #expect(sink.transactions().isEmpty)

        // Every item refused: still 200, each with its reason.
        let refused = try await Self.post(gateway, "/v1/messages/batch", Data("""
            {"messages": [{"from": "app@example.com", "to": ["one@example.net"], "text": "x"},
                          {"from": "app@billing.example.com", "to": ["one@example.net"], "text": "x", "envelope": {"mail_from": ""}}]}
            """.utf8))
        #expect(refused.status == 200, "\(refused.body)")
        let reasons = Self.results(refused.body).map(Self.error)
        #expect(reasons.map(\.code) == ["sender_not_allowed", "sender_not_allowed"], "\(refused.body)")
        #expect(reasons.map(\.field) == ["/messages/0/from", "/messages/1/envelope/mail_from"])

        // Three recipients an hour: the first two items fit, the third is over the budget on its own.
        let budget = try await Self.post(gateway, "/v1/messages/batch", Data("""
            {"messages": [{"from": "app@billing.example.com", "to": ["one@example.net", "two@example.net"], "text": "x"},
                          {"from": "app@billing.example.com", "to": ["three@example.net"], "text": "x"},
                          {"from": "app@billing.example.com", "to": ["four@example.net"], "text": "x"}]}
            """.utf8))
        #expect(budget.status == 200, "\(budget.body)")
        let spent = Self.results(budget.body)
        #expect(spent.prefix(2).allSatisfy { $0["id"] is String }, "\(budget.body)")
        #expect(Self.error(spent[2]) == ("rate_limited", "/messages/2"), "\(budget.body)")
        #expect(try await Self.listed(gateway).count == 2)
        await gateway.stop()
        await sink.stop()
    }

    @Test(arguments: stores)
    func aRetriedBatchReplaysItsAnswerWithoutSendingAgain(_ store: GatewayInstance.Store) async throws {
        let directory = try TemporaryDirectory()
        let (sink, gateway) = try await Self.started(directory, store: store)

        let batch = Data("""
            {"messages": [{"from": "app@example.com", "to": ["one@example.net"], "text": "a"},
                          {"from": "app@example.com", "to": ["bad"], "text": "b"},
                          {"from": "app@example.com", "to": ["two@example.net"], "text": "c"}]}
            """.utf8)
        let first = try await Self.post(gateway, "/v1/messages/batch", batch, headers: ["Idempotency-Key": "batch-7"])
        #expect(first.status == 200, "\(first.body)")
        #expect(first.headers["idempotent-replayed"] == nil)
        let second = try await Self.post(gateway, "/v1/messages/batch", batch, headers: ["Idempotency-Key": "batch-7"])
        #expect(second.status == 200, "\(second.body)")
        #expect(second.headers["idempotent-replayed"] == "true")
        let ids = Self.results(first.body).map { $0["id"] as? String }
        #expect(ids.compactMap { $0 }.count == 2)
        #expect(Self.results(second.body).map { $0["id"] as? String } == ids)
        #expect(Self.results(second.body).map { Self.error($0).field } == [nil, "/messages/1/to/0", nil])
        #expect(Set(try await Self.listed(gateway)) == Set(ids.compactMap { $0 }))
        let other = try await Self.post(
            gateway, "/v1/messages/batch", Data(#"{"messages": [{"from": "app@example.com", "to": ["x@example.net"], "text": "z"}]}"#.utf8),
            headers: ["Idempotency-Key": "batch-7"])
        #expect(other.status == 409, "\(other.body)")
        _ = try await Self.waitForTransactions(sink, 2)
        try await Task.sleep(for: .milliseconds(500))
        #expect(sink.transactions().count == 2, "each accepted item relayed once")
        await gateway.stop()
        await sink.stop()
    }

    // MARK: Raw messages

    static let rawMessage = """
        From: App <app@example.com>\r
        To: one@example.net, Two <two@example.net>\r
        Cc: three@example.net\r
        Bcc: hidden@example.net\r
        Subject: Raw =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\r
        Date: Sat, 05 Dec 2026 10:00:00 +0000\r
        Message-ID: <raw-1@app.example.com>\r
        X-Folded: first part\r
         second part\r
        MIME-Version: 1.0\r
        Content-Type: text/plain; charset=utf-8\r
        \r
        Hello from a raw message.\r
        ..a line that starts with a dot\r

        """

    /// Signed with the `From:` domain's key, as every API send; dkimpy verifies what the sink received.
    @Test(arguments: stores)
    func aRawMessageIsRelayedByteForByteButForOurReceivedFieldAndSignature(_ store: GatewayInstance.Store) async throws {
        let directory = try TemporaryDirectory()
        let key = try await DKIMSigningTests.keygen(domain: "example.com", selector: "raw1", algorithm: "rsa-sha256", directory: directory.path)
        let (sink, gateway) = try await Self.started(directory, store: store, more: """
            dkim:
              - { domain: example.com, selector: raw1, key_file: \(key.file), algorithm: rsa-sha256 }
            """)

        // Envelope from the header: To, Cc and Bcc; Bcc taken out of the relayed bytes.
        let answer = try await Self.post(gateway, "/v1/messages/raw", Data(Self.rawMessage.utf8), contentType: "message/rfc822")
        #expect(answer.status == 202, "\(answer.body) \(gateway.stderr)")
        let receipt = SendAPITests.json(answer.body)
        let id = try #require(receipt["id"] as? String)
        #expect(receipt["message_id"] as? String == "raw-1@app.example.com")
        #expect((receipt["recipients"] as? [[String: Any]])?.map { $0["address"] as? String } ==
            ["one@example.net", "two@example.net", "three@example.net", "hidden@example.net"])

        let transaction = try #require(try await Self.waitForTransactions(sink, 1).first, "\(gateway.stderr)")
        #expect(transaction.mailFrom == "app@example.com")
        #expect(Set(transaction.recipients) == ["one@example.net", "two@example.net", "three@example.net", "hidden@example.net"])
        let relayed = String(decoding: transaction.data, as: UTF8.self)
        let withoutBcc = Self.rawMessage.replacingOccurrences(of: "Bcc: hidden@example.net\r\n", with: "")
        #expect(relayed.hasPrefix("DKIM-Signature: "), "\(relayed.prefix(200))")
        let trace = try #require(relayed.range(of: "\r\nReceived: by mx.e2e.example (Mailgate) with HTTP\r\n\tid <raw-1@app.example.com>; "), "\(relayed.prefix(600))")
        let received = try #require(relayed.range(of: "\r\n", range: trace.upperBound..<relayed.endIndex))
        #expect(String(relayed[received.upperBound...]) == withoutBcc, "the message is relayed as it came, but for DKIM, Received and Bcc")
        let file = directory.path + "/raw.eml"
        try transaction.data.write(to: URL(fileURLWithPath: file))
        #expect(try await DKIMSigningTests.verify([file], keys: [key], directory: directory.path) == [true])

        // GET raw gives exactly the relayed bytes.
        let raw = try #require(try await TestNetwork.request("GET", gateway.base + "/v1/messages/\(id)/raw", headers: ["Authorization": "Bearer \(gateway.apiKey)"]))
        #expect(raw.status == 200)
        #expect(Data(raw.body.utf8) == transaction.data)
        await gateway.stop()
        await sink.stop()
    }

    /// The envelope from the query (`mail_from`, repeated `rcpt_to`) wins over the header; a message with bare
    /// LF line ends goes out with CRLF, and Date and Message-ID are added when missing.
    @Test func aRawEnvelopeFromParametersOverridesTheHeader() async throws {
        let directory = try TemporaryDirectory()
        let (sink, gateway) = try await Self.started(directory)

        let unix = "From: app@example.com\nTo: shown@example.net\nSubject: Envelope\n\nBody line.\n"
        let answer = try await Self.post(
            gateway, "/v1/messages/raw?mail_from=bounces%40example.com&rcpt_to=one%40example.net&rcpt_to=two%40example.net",
            Data(unix.utf8), contentType: "message/rfc822")
        #expect(answer.status == 202, "\(answer.body) \(gateway.stderr)")
        let receipt = SendAPITests.json(answer.body)
        let messageID = try #require(receipt["message_id"] as? String)
        #expect(messageID.hasSuffix("@mx.e2e.example"))
        let transaction = try #require(try await Self.waitForTransactions(sink, 1).first, "\(gateway.stderr)")
        #expect(transaction.mailFrom == "bounces@example.com")
        #expect(Set(transaction.recipients) == ["one@example.net", "two@example.net"])
        let text = String(decoding: transaction.data, as: UTF8.self)
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "every line ends with CRLF")
        #expect(text.contains("\r\nTo: shown@example.net\r\nSubject: Envelope\r\n"))
        #expect(text.contains("\r\nMessage-ID: <\(messageID)>\r\n"))
        #expect(text.contains("\r\nDate: "))
        #expect(text.hasSuffix("\r\n\r\nBody line.\r\n"))
        let parsed = try await ExternalTool.run("python3", ["-c", """
            import email, email.policy, sys
            message = email.message_from_bytes(sys.stdin.buffer.read(), policy=email.policy.default)
            print(message["To"], "|", message.get_content().strip(), "|", len(message.defects))
            """], stdin: text)
        #expect(parsed.output.trimmingCharacters(in: .whitespacesAndNewlines) == "shown@example.net | Body line. | 0", "\(parsed.output)")
        await gateway.stop()
        await sink.stop()
    }

    @Test func rawMessagesThatCannotBeRelayedAsTheyAreAreRefused() async throws {
        let directory = try TemporaryDirectory()
        let (sink, gateway) = try await Self.started(directory, http: #", key_senders: [{ key: e2e, allow: ["*@example.com"] }]"#,
            more: "  max_message_size: 64KiB")

        let good = "From: app@example.com\r\nTo: one@example.net\r\n\r\nx\r\n"
        let cases: [(body: String, query: String, status: Int, field: String?)] = [
            ("From: app@example.com\r\nTo: one@example.net\r\n\r\nbare\rCR\r\n", "", 422, nil),
            ("From: app@example.com\r\nTo: one@example.net\r\n\r\n" + String(repeating: "a", count: 999) + "\r\n", "", 422, nil),
            ("To: one@example.net\r\nSubject: no from\r\n\r\nx\r\n", "", 422, "From"),
            ("From: app@example.com\r\nSubject: nobody\r\n\r\nx\r\n", "", 422, "To"),
            ("From: app@example.com\r\nnot a header line\r\nTo: one@example.net\r\n\r\nx\r\n", "", 422, nil),
            (good, "?rcpt_to=not-a-mailbox", 422, "rcpt_to"),
            ("From: app@example.org\r\nTo: one@example.net\r\n\r\nx\r\n", "", 403, "From"),
            (good, "?mail_from=other%40example.org", 403, "mail_from"),
            ("From: app@example.com\r\nTo: one@example.net\r\n\r\n" + String(repeating: "0123456789abcdef\r\n", count: 4000), "", 413, nil),
        ]
        for item in cases {
            let answer = try await Self.post(gateway, "/v1/messages/raw" + item.query, Data(item.body.utf8), contentType: "message/rfc822")
            #expect(answer.status == item.status, "\(item.body.prefix(80)) \(item.query): \(answer.body)")
            #expect(Self.error(SendAPITests.json(answer.body)).field == item.field, "\(item.body.prefix(80)): \(answer.body)")
        }
        let json = try await Self.post(gateway, "/v1/messages/raw", Data(good.utf8), contentType: "application/json")
        #expect(json.status == 415, "\(json.body)")
        #expect(try await Self.listed(gateway).isEmpty, "a refused raw message left something behind")

        // The same key twice: one message, the answer replayed.
        let first = try await Self.post(gateway, "/v1/messages/raw", Data(good.utf8), contentType: "message/rfc822", headers: ["Idempotency-Key": "raw-1"])
        let second = try await Self.post(gateway, "/v1/messages/raw", Data(good.utf8), contentType: "message/rfc822", headers: ["Idempotency-Key": "raw-1"])
        #expect(first.status == 202 && second.status == 202, "\(first.body) \(second.body)")
        #expect(second.headers["idempotent-replayed"] == "true")
        #expect(SendAPITests.json(second.body)["id"] as? String == SendAPITests.json(first.body)["id"] as? String)
        #expect(try await Self.listed(gateway).count == 1)
        await gateway.stop()
        await sink.stop()
    }
}
