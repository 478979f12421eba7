import Foundation
import MIME
import Testing

@Suite struct InboundEnvelopeTests {
    @Test func emptyEnvelopeHasEveryKey() throws {
        let data = try JSONEncoder().encode(InboundEnvelopeJSON(nil))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(json.keys) == ["mail_from", "rcpt_to", "helo", "remote_ip", "tls", "auth_user", "size"])
        #expect(json["mail_from"] is NSNull)
    }
}
