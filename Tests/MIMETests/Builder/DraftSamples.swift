import Foundation
import MIME

/// Drafts the builder tests start from.
enum DraftSamples {
    static let date = Date(timeIntervalSince1970: 1_796_000_000)

    static func minimal(text: String? = "Hello", html: String? = nil, attachments: [DraftAttachment] = []) -> MessageDraft {
        MessageDraft(
            from: MailAddress(name: "Alice", address: "alice@example.com"),
            to: [MailAddress(address: "bob@example.org")],
            subject: "Hi",
            text: text,
            html: html,
            attachments: attachments,
            messageID: "test.1@mail.example.com",
            date: date
        )
    }
}
