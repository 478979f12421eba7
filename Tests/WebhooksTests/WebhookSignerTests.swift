import Foundation
import Testing

@testable import Webhooks

@Suite struct WebhookSignerTests {
    /// The example from the Standard Webhooks specification.
    @Test func matchesTheSpecificationExample() throws {
        let signer = WebhookSigner(secrets: [try WebhookSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")])
        let signature = signer.signature(
            id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: "1614265330",
            body: Array(#"{"test": 2432232314}"#.utf8))
        #expect(signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
    }

    @Test func signsWithEverySecretForRotation() throws {
        let signer = WebhookSigner(secrets: [try WebhookSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), try WebhookSecret("plain-shared-secret")])
        let parts = signer.signature(id: "a", timestamp: "1", body: []).split(separator: " ")
        #expect(parts.count == 2)
        #expect(parts.allSatisfy { $0.hasPrefix("v1,") })
    }

    @Test(arguments: [("", WebhookSecret.ParseError.empty), ("whsec_", .invalidBase64), ("whsec_!!!", .invalidBase64)])
    func rejectsBadSecrets(text: String, error: WebhookSecret.ParseError) {
        #expect(throws: error) { try WebhookSecret(text) }
    }

    /// A receiver using the Standard Webhooks reference library (Python) accepts what we sign, and
    /// rejects it once the body is altered.
    @Test func theReferenceLibraryVerifiesOurSignature() throws {
        let secret = "whsec_" + Data((0..<24).map { UInt8($0 * 7 % 256) }).base64EncodedString()
        let signer = WebhookSigner(secrets: [try WebhookSecret(secret)])
        let body = Array(#"{"id":"msg_01","subject":"héllo","text":"line1\r\nline2"}"#.utf8)
        let headers = signer.headers(id: "msg_01", timestamp: Date(), body: body)
        #expect(try verify(secret: secret, headers: headers, body: body) == "verified")
        #expect(try verify(secret: secret, headers: headers, body: body + Array(" ".utf8)).hasPrefix("rejected"))
    }

    private func verify(secret: String, headers: [(name: String, value: String)], body: [UInt8]) throws -> String {
        let request: [String: Any] = [
            "secret": secret,
            "headers": Dictionary(uniqueKeysWithValues: headers.map { ($0.name, $0.value) }),
            "body_base64": Data(body).base64EncodedString(),
        ]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("verify_standard_webhooks.py").path]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(try JSONSerialization.data(withJSONObject: request))
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
