import HTTPTypes
import MIME
import Testing

@testable import HTTPAPI

/// Which senders a key may use: the `smtp.senders` patterns, the header's `from` and the envelope sender
/// alike, each refusal naming the field at fault.
@Suite struct APIKeySendersTests {
    static let senders = APIKeySenders([
        "billing": [AddressPattern("*@billing.example.com"), AddressPattern("alerts@example.org")]
    ])

    @Test(arguments: [
        ("billing", "a@billing.example.com", nil, nil),
        ("billing", "a@BILLING.example.com", nil, nil),
        ("billing", "alerts@example.org", "x@billing.example.com", nil),
        ("billing", "a@example.com", nil, "/from"),
        ("billing", "a@evil-billing.example.com", nil, "/from"),
        ("billing", "Alerts@example.org", nil, "/from"),
        ("billing", "a@billing.example.com", "bounce@example.net", "/envelope/mail_from"),
        ("billing", "a@billing.example.com", "", "/envelope/mail_from"),
        ("billing", "a@example.com", "b@example.com", "/from"),
        ("other", "anyone@anywhere.example", "", nil),
    ] as [(String, String, String?, String?)])
    func senderRules(key: String, from: String, mailFrom: String?, refusedField: String?) {
        let refusal = Self.senders.refusal(key: key, from: from, mailFrom: mailFrom)
        #expect(refusal?.field == refusedField, "\(key) \(from) \(mailFrom ?? "-")")
        if let refusal {
            #expect(refusal.status == .forbidden && refusal.code == "sender_not_allowed")
        }
    }

    @Test func noKeyIsNotChecked() {
        #expect(Self.senders.refusal(key: nil, from: "x@y.example", mailFrom: nil) == nil)
    }
}
