import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MIME
import NIOConcurrencyHelpers
import Outbound
import Queue
import Testing

@testable import HTTPAPI

/// The generated send API routes as the server answers them: request decoding into the domain's submission,
/// the error body with JSON pointers for everything the request can get wrong, scopes, and the 202 shape.
@Suite struct SendAPIRoutesTests {
    static let json: HTTPFields = [.contentType: "application/json"]

    static func headers(_ key: String = TestAPI.sender.key) -> HTTPFields {
        var fields = TestAPI.bearer(key)
        fields[.contentType] = "application/json"
        return fields
    }

    static func post(_ api: TestAPI, _ body: String, key: String = TestAPI.sender.key, check: @escaping @Sendable (TestResponse) throws -> Void) async throws {
        try await api.run { client in
            try await client.execute(uri: "/v1/messages", method: .post, headers: headers(key), body: ByteBuffer(string: body)) { response in
                try check(response)
            }
        }
    }

    @Test func aValidRequestBecomesASubmissionAndA202() async throws {
        let service = FakeOutboundService()
        let api = TestAPI(outbound: service)
        let body = #"""
            {"from": "Zoë <app@example.com>", "to": ["a@example.net", {"address": "b@example.net", "name": "B"}],
             "bcc": ["c@example.net"], "subject": "Hi", "text": "t", "html": "<p>h</p>",
             "headers": {"X-B": "2", "X-A": "1"}, "tags": ["t1"], "metadata": {"k": "v"},
             "attachments": [{"filename": "a.txt", "content_base64": "aGVsbG8=", "content_id": "logo"}],
             "send_at": "2030-01-01T00:00:00Z", "envelope": {"mail_from": "bounces@example.com"}}
            """#
        try await Self.post(api, body) { response in
            #expect(response.status == .accepted, "\(response.text)")
            let json = try response.json
            #expect(json["id"] as? String == "m-1")
            #expect((json["message_id"] as? String)?.hasSuffix("@test.example") == true)
            let recipients = try #require(json["recipients"] as? [[String: Any]])
            #expect(recipients.map { $0["address"] as? String } == ["a@example.net", "b@example.net", "c@example.net"])
            #expect(Set(recipients.compactMap { $0["status"] as? String }) == ["scheduled"])
        }
        let submission = try #require(service.submissions.withLockedValue { $0.first })
        #expect(submission.draft.from == MailAddress(name: "Zoë", address: "app@example.com"))
        #expect(submission.draft.to == [MailAddress(address: "a@example.net"), MailAddress(name: "B", address: "b@example.net")])
        #expect(submission.bcc == [MailAddress(address: "c@example.net")])
        #expect(submission.draft.headers == [DraftHeader(name: "X-A", value: "1"), DraftHeader(name: "X-B", value: "2")])
        #expect(submission.draft.attachments == [DraftAttachment(filename: "a.txt", contentType: "application/octet-stream", data: Array("hello".utf8), contentID: "logo")])
        #expect(submission.tags == ["t1"] && submission.metadata == ["k": "v"])
        #expect(submission.envelopeMailFrom == "bounces@example.com" && submission.envelopeRecipients == nil)
        #expect(submission.sendAt == Date(timeIntervalSince1970: 1_893_456_000))
        #expect(submission.apiKeyName == "sender")
    }

    @Test(arguments: [
        (#"{"from": "a@example.com", "to": ["b@example.com"], "text": "x", "unknown": 1}"#, 400, nil),
        (#"{"from": "a@example.com", "to": "b@example.com", "text": "x"}"#, 400, "/to"),
        (#"{"from": "a@example.com", "to": ["b@example.com"], "text": 5}"#, 400, "/text"),
        (#"{"to": ["b@example.com"], "text": "x"}"#, 400, "/from"),
        (#"{"from": "a@example.com", "#, 400, nil),
        (#"{"from": "a@example.com", "to": ["b@example.com"]}"#, 422, "/text"),
        (#"{"from": "not one, two <x@y>", "to": ["b@example.com"], "text": "x"}"#, 422, "/from"),
        (#"{"from": "a@example.com", "to": ["B\r\nBcc: x@y <b@example.com>"], "text": "x"}"#, 422, "/to/0"),
        (#"{"from": "a@example.com", "to": ["b@example.com"], "text": "x", "attachments": [{"filename": "f", "content_base64": "!!"}]}"#, 422, "/attachments/0/content_base64"),
    ] as [(String, Int, String?)])
    func badRequestsNameTheirField(body: String, status: Int, field: String?) async throws {
        let service = FakeOutboundService()
        try await Self.post(TestAPI(outbound: service), body) { response in
            #expect(response.status.code == status, "\(body): \(response.text)")
            let error = try response.apiError()
            if let field { #expect(error["field"] as? String == field, "\(body): \(response.text)") }
        }
        #expect(service.submissions.withLockedValue { $0.isEmpty })
    }

    @Test func domainRefusalsKeepTheirStatusAndField() async throws {
        let cases: [(OutboundRefusal, HTTPResponse.Status)] = [
            (OutboundRefusal(.unprocessable, field: "/headers/Bcc", "is a header field set by the gateway"), .unprocessableContent),
            (OutboundRefusal(.tooLarge, field: nil, "too big"), .contentTooLarge),
            (OutboundRefusal(.forbidden, field: "/from", "not yours"), .forbidden),
        ]
        for (refusal, status) in cases {
            try await Self.post(TestAPI(outbound: FakeOutboundService(refusal: refusal)), #"{"from": "a@example.com", "to": ["b@example.com"], "text": "x"}"#) { response in
                #expect(response.status == status)
                #expect((try? response.apiError())?["field"] as? String == refusal.field)
            }
        }
    }

    @Test func scopesAreEnforcedPerOperation() async throws {
        let api = TestAPI(outbound: FakeOutboundService())
        try await Self.post(api, #"{"from": "a@example.com", "to": ["b@example.com"], "text": "x"}"#, key: TestAPI.reader.key) { response in
            #expect(response.status == .forbidden)
        }
        try await api.run { client in
            try await client.execute(uri: "/v1/messages/none", method: .get, headers: TestAPI.bearer(TestAPI.redeliverer.key)) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/v1/messages/none", method: .get, headers: TestAPI.bearer(TestAPI.sender.key)) { response in
                #expect(response.status == .notFound)
                #expect((try? response.apiError())?["code"] as? String == "not_found")
            }
            try await client.execute(uri: "/v1/messages/none", method: .delete) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test func withoutAServiceTheSendAPIIsUnavailable() async throws {
        try await Self.post(TestAPI(), #"{"from": "a@example.com", "to": ["b@example.com"], "text": "x"}"#) { response in
            #expect(response.status == .serviceUnavailable)
        }
    }

    @Test func bodiesOverTheLimitAre413() async throws {
        var api = TestAPI(outbound: FakeOutboundService())
        api.maximumRequestSize = 2048
        let big = String(repeating: "x", count: 4096)
        try await Self.post(api, #"{"from": "a@example.com", "to": ["b@example.com"], "text": "\#(big)"}"#) { response in
            #expect(response.status == .contentTooLarge)
            #expect((try? response.apiError())?["code"] as? String == "payload_too_large")
        }
    }
}
