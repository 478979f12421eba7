import Foundation
import MailgateTestSupport
import Testing

/// DKIM end to end: keys made by `mailgate dkim-keygen`, a real `mailgate serve` signing what it relays to an
/// aiosmtpd sink, and dkimpy verifying the received bytes with the public key from keygen's printed TXT record
/// (served through dkimpy's `dnsfunc`: no network).
@Suite(.serialized) struct DKIMSigningTests {
    static let verifier = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("DKIMTests/dkim_verify.py").path

    struct Key {
        var file: String
        var recordName: String
        var txt: String
        var output: String
    }

    /// Runs keygen and reads the record back the way an operator would paste it into a zone: the quoted
    /// strings joined.
    static func keygen(domain: String, selector: String, algorithm: String, directory: String) async throws -> Key {
        let file = directory + "/\(selector).pem"
        let result = try await MailgateProcess.run(
            ["dkim-keygen", "--domain", domain, "--selector", selector, "--algorithm", algorithm, "--out", file], directory: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.components(separatedBy: "\n")
        let recordLine = try #require(lines.firstIndex(of: "DNS TXT record:").map { lines[$0 + 1] }, "\(result.stdout)")
        let name = String(recordLine.prefix { $0 != " " })
        let strings = recordLine.dropFirst(name.count).split(separator: "\"").enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        #expect(strings.allSatisfy { $0.utf8.count <= 255 })
        return Key(file: file, recordName: name, txt: strings.joined(), output: result.stdout)
    }

    /// dkimpy's verdict per message file.
    static func verify(_ files: [String], keys: [Key], directory: String) async throws -> [Bool] {
        var cases: [[String: String]] = []
        for file in files {
            // The verifier takes one record per case; the signature's own d=/s= pick which one dkimpy asks for.
            let text = try String(contentsOfFile: file, encoding: .utf8)
            let key = keys.first { text.contains("s=\($0.recordName.prefix { $0 != "." });") } ?? keys[0]
            cases.append(["file": file, "name": key.recordName, "txt": key.txt])
        }
        let casesFile = directory + "/cases.json"
        try JSONSerialization.data(withJSONObject: cases).write(to: URL(fileURLWithPath: casesFile))
        let result = try await ExternalTool.run("python3", [verifier, casesFile])
        let verdicts = (try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [[String: Any]]) ?? []
        #expect(verdicts.count == files.count, "\(result.output)")
        return verdicts.map { $0["valid"] as? Bool ?? false }
    }

    @Test func keygenRefusesToOverwriteAndWritesAPrivateFile() async throws {
        let directory = try TemporaryDirectory()
        let key = try await Self.keygen(domain: "example.com", selector: "mg1", algorithm: "rsa-sha256", directory: directory.path)
        #expect(key.recordName == "mg1._domainkey.example.com")
        #expect(key.txt.hasPrefix("v=DKIM1; k=rsa; p="))
        #expect(key.output.contains("dkim:\n  - domain: example.com\n    selector: mg1\n    key_file: \(key.file)\n    algorithm: rsa-sha256"))
        let attributes = try FileManager.default.attributesOfItem(atPath: key.file)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let before = try String(contentsOfFile: key.file, encoding: .utf8)
        #expect(before.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        let again = try await MailgateProcess.run(
            ["dkim-keygen", "--domain", "example.com", "--selector", "mg1", "--out", key.file], directory: directory.path)
        #expect(again.status != 0)
        #expect(again.stderr.contains("File exists"), "\(again.stderr)")
        #expect(try String(contentsOfFile: key.file, encoding: .utf8) == before)
    }

    @Test func apiAndSMTPRelayedMailIsSignedAndVerifies() async throws {
        let directory = try TemporaryDirectory()
        let rsa = try await Self.keygen(domain: "example.com", selector: "rsa1", algorithm: "rsa-sha256", directory: directory.path)
        let ed = try await Self.keygen(domain: "ed.example.com", selector: "ed1", algorithm: "ed25519-sha256", directory: directory.path)
        #expect(ed.txt.hasPrefix("v=DKIM1; k=ed25519; p="))
        let relay = try await SinkRelay(directory: directory, more: """
            dkim:
              - { domain: example.com, selector: rsa1, key_file: \(rsa.file), algorithm: rsa-sha256 }
              - { domain: ed.example.com, selector: ed1, key_file: \(ed.file), algorithm: ed25519-sha256 }
            """)
        let gateway = relay.gateway

        // API sends: one through the parent domain's RSA key, one through the more specific Ed25519 key.
        var ids: [String] = []
        for (from, subject) in [("app@example.com", "Signed RSA"), ("app@news.ed.example.com", "Signed Ed25519")] {
            let answer = try #require(try await TestNetwork.request(
                "POST", gateway.base + "/v1/messages",
                headers: ["Authorization": "Bearer \(gateway.apiKey)", "Content-Type": "application/json"],
                body: Data(#"{"from": "\#(from)", "to": ["one@example.net"], "subject": "\#(subject)", "text": "Hello there.\n\n"}"#.utf8)))
            #expect(answer.status == 202, "\(answer.body) \(gateway.stderr)")
            let receipt = (try? JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any]) ?? [:]
            ids.append(try #require(receipt["id"] as? String))
        }
        // SMTP submission on a relay route, signed at relay time.
        let swaks = try await gateway.swaks(to: "one@example.net", from: "app@ed.example.com", subject: "Relayed and signed")
        #expect(swaks.status == 0, "\(swaks.output)")
        let queued = try #require(swaks.output.range(of: "queued as ").map { swaks.output[$0.upperBound...].prefix { !$0.isWhitespace } })
        ids.append(String(queued))
        // A sender without a key goes out unsigned.
        let unsigned = try await gateway.swaks(to: "one@example.net", from: "app@example.org", subject: "No key")
        #expect(unsigned.status == 0, "\(unsigned.output)")

        let transactions = try await relay.transactions(count: 4)
        #expect(transactions.count == 4, "\(gateway.stderr)")
        func received(_ marker: String) throws -> Data {
            try #require(transactions.first { String(decoding: $0.data, as: UTF8.self).contains(marker) }?.data, "no message with \(marker)")
        }
        let apiRSA = try received("Subject: Signed RSA")
        let apiEd = try received("Subject: Signed Ed25519")
        let smtpEd = try received("Subject: Relayed and signed")
        let noKey = try received("Subject: No key")
        for (data, selector) in [(apiRSA, "rsa1"), (apiEd, "ed1"), (smtpEd, "ed1")] {
            let text = String(decoding: data, as: UTF8.self)
            #expect(text.hasPrefix("DKIM-Signature:"), "\(text.prefix(200))")
            #expect(text.contains("s=\(selector);"))
        }
        #expect(!String(decoding: noKey, as: UTF8.self).contains("DKIM-Signature:"))

        // The raw endpoint returns exactly what was relayed, for API sends and for the SMTP relay route.
        for (id, data) in zip(ids, [apiRSA, apiEd, smtpEd]) {
            let raw = try #require(try await TestNetwork.request(
                "GET", gateway.base + "/v1/messages/\(id)/raw", headers: ["Authorization": "Bearer \(gateway.apiKey)"]))
            #expect(raw.status == 200)
            #expect(Data(raw.body.utf8) == data, "raw of \(id) differs from the relayed bytes")
        }

        // dkimpy verifies each received message; the same message altered after signing fails.
        var files: [String] = []
        for (index, data) in [apiRSA, apiEd, smtpEd].enumerated() {
            let file = directory.path + "/received-\(index).eml"
            try data.write(to: URL(fileURLWithPath: file))
            let altered = directory.path + "/altered-\(index).eml"
            let text = String(decoding: data, as: UTF8.self)
            try Data(text.replacingOccurrences(of: "Hello there.", with: "Hello thera.")
                .replacingOccurrences(of: "Hi there.", with: "Hi thera.").utf8).write(to: URL(fileURLWithPath: altered))
            #expect(text.contains("Hello there.") || text.contains("Hi there."))
            files += [file, altered]
        }
        let verdicts = try await Self.verify(files, keys: [rsa, ed], directory: directory.path)
        #expect(verdicts == [true, false, true, false, true, false])
        await relay.stop()
    }

    /// An 8-bit SMTP submission relayed to an upstream without 8BITMIME: it is re-encoded to 7 bits before it is
    /// signed (RFC 6376 §5.3), so the signature verifies on what the upstream received, and the raw endpoint
    /// returns those same bytes.
    @Test func anEightBitSubmissionSignedForASevenBitUpstreamVerifies() async throws {
        let directory = try TemporaryDirectory()
        let rsa = try await Self.keygen(domain: "example.com", selector: "rsa1", algorithm: "rsa-sha256", directory: directory.path)
        let relay = try await SinkRelay(directory: directory, sevenBit: true, more: """
            dkim:
              - { domain: example.com, selector: rsa1, key_file: \(rsa.file), algorithm: rsa-sha256 }
            """)
        let output = try await SevenBitRelayTests.submitEightBitMessage(relay.gateway)
        let id = try SinkRelay.queuedID(output)

        let data = try #require(try await relay.transactions(count: 1).first?.data, "nothing relayed: \(relay.gateway.stderr)")
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.hasPrefix("DKIM-Signature:"), "\(text.prefix(200))")
        #expect(data.allSatisfy { $0 < 0x80 }, "the relayed message is 7-bit")
        #expect(text.contains("Content-Transfer-Encoding: quoted-printable"))
        let raw = try #require(try await TestNetwork.request(
            "GET", relay.gateway.base + "/v1/messages/\(id)/raw", headers: ["Authorization": "Bearer \(relay.gateway.apiKey)"]))
        #expect(raw.status == 200)
        #expect(Data(raw.body.utf8) == data, "raw differs from the relayed bytes")

        let file = directory.path + "/received.eml"
        try data.write(to: URL(fileURLWithPath: file))
        let altered = directory.path + "/altered.eml"
        try Data(text.replacingOccurrences(of: "Zweite Zeile.", with: "Zweite Zeila.").utf8).write(to: URL(fileURLWithPath: altered))
        #expect(try await Self.verify([file, altered], keys: [rsa], directory: directory.path) == [true, false])
        await relay.stop()
    }
}
