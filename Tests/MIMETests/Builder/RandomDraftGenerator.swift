import Foundation
@testable import MIME

/// Seeded random drafts for the builder's property tests: unicode of every kind, specials, things that look like
/// encoded words or boundaries, long words and lines, binary attachments, and, when `hostile` is set, one
/// control character planted in one request field (the draft must then be refused naming that field).
struct RandomDraftGenerator {
    var generator: SplitMix64

    init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    static let pieces = [
        "hello", "World", "a", "Ünïcödé", "café", "日本語", "Привет", "שלום", "مرحبا", "👩‍👩‍👧‍👦", "🇫🇷", "e\u{301}",
        "\u{202E}rtl", "\u{2028}", "\u{85}", "\u{A0}", "\"", "\\", ",", ";", ":", "<", ">", "@", "(", ")", "[", "]", ".",
        "=?utf-8?q?x?=", "=?", "?=", "_", "=", "%", "*", "'", "--=_", "From ", "\t", "  ", " ", "-", "x@y.z",
    ]
    static let textPieces = pieces + ["\n", "\r\n", "\r", "\n\n", "\u{0}", "\u{1B}", "."]
    static let controls: [Character] = ["\r", "\n", "\r\n", "\u{0}", "\u{1}", "\u{7}", "\u{8}", "\u{B}", "\u{C}", "\u{1B}", "\u{1F}", "\u{7F}"]
    static let contentTypes = ["application/octet-stream", "application/pdf", "image/png", "text/csv; charset=utf-8", "application/x-Thing; a=\"b c\""]

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &generator) }
    mutating func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &generator) < probability }
    mutating func pick<T>(_ array: [T]) -> T { array[int(0...(array.count - 1))] }

    mutating func string(maxPieces: Int, from pool: [String] = pieces) -> String {
        var text = ""
        for _ in 0..<int(0...maxPieces) {
            if chance(0.03) {
                text += String(repeating: pick(["x", "é", "語"]), count: int(60...300))
            } else {
                text += pick(pool)
            }
            if chance(0.4) { text += " " }
        }
        return text
    }

    mutating func address() -> String {
        let atext = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~")
        var local = ""
        for index in 0..<int(1...20) {
            if index > 0, chance(0.1) { local += "." }
            local.append(pick(atext))
        }
        let labels = (0..<int(1...3)).map { _ in String((0..<int(1...12)).map { _ in pick(Array("abcdefghijklmnopqrstuvwxyz0123456789")) }) }
        return local + "@" + labels.joined(separator: ".") + pick([".com", ".org", ".example", ""]).replacingOccurrences(of: "..", with: ".")
    }

    mutating func mailbox() -> MailAddress {
        MailAddress(name: chance(0.7) ? string(maxPieces: 6) : nil, address: address())
    }

    mutating func data() -> [UInt8] {
        let count = chance(0.1) ? 0 : int(1...(chance(0.1) ? 60_000 : 3000))
        return (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
    }

    /// The draft, and the pointer of the field a control character was planted in (nil when none was).
    mutating func draft(hostile: Bool) -> (MessageDraft, String?) {
        var draft = MessageDraft(
            from: mailbox(),
            sender: chance(0.2) ? mailbox() : nil,
            to: (0..<int(0...4)).map { _ in mailbox() },
            cc: (0..<int(0...2)).map { _ in mailbox() },
            replyTo: (0..<int(0...2)).map { _ in mailbox() },
            subject: chance(0.9) ? string(maxPieces: 12) : nil,
            text: chance(0.7) ? string(maxPieces: 40, from: Self.textPieces) : nil,
            html: chance(0.5) ? "<p>" + string(maxPieces: 40, from: Self.textPieces) + "</p>" : nil,
            headers: (0..<int(0...3)).map { index in DraftHeader(name: "X-Prop-\(index)", value: string(maxPieces: 8)) },
            attachments: [],
            messageID: MessageBuilder.makeMessageID(hostname: "prop.example.com"),
            date: Date(timeIntervalSince1970: Double(int(0...4_000_000_000)))
        )
        for index in 0..<int(0...3) {
            var filename = "f" + string(maxPieces: 5) + ".bin"
            while filename.utf8.count > 250 { filename.removeLast() }
            if chance(0.1) { filename = "  " + filename + " " }
            draft.attachments.append(
                DraftAttachment(filename: filename, contentType: pick(Self.contentTypes), data: data(), contentID: chance(0.3) ? "cid\(index)@prop" : nil)
            )
        }
        if draft.text == nil && draft.html == nil && draft.attachments.isEmpty { draft.text = "" }
        guard hostile else { return (draft, nil) }

        let control = String(pick(Self.controls))
        func plant(_ text: String) -> String {
            var text = text
            let offset = int(0...text.count)
            text.insert(contentsOf: control, at: text.index(text.startIndex, offsetBy: offset))
            return text
        }
        var targets = ["/from", "/subject", "/message_id", "/to/0"]
        if !draft.headers.isEmpty { targets.append("/headers/X-Prop-0") }
        if !draft.attachments.isEmpty { targets += ["/attachments/0/filename", "/attachments/0/content_type"] }
        let target = pick(targets)
        switch target {
        case "/from": draft.from.name = plant(draft.from.name ?? "")
        case "/subject": draft.subject = plant(draft.subject ?? "")
        case "/message_id": draft.messageID = plant(draft.messageID)
        case "/to/0": draft.to.insert(MailAddress(address: plant("to@example.com")), at: 0)
        case "/headers/X-Prop-0": draft.headers[0].value = plant(draft.headers[0].value)
        case "/attachments/0/filename": draft.attachments[0].filename = plant(draft.attachments[0].filename)
        default: draft.attachments[0].contentType = plant(draft.attachments[0].contentType)
        }
        return (draft, target)
    }
}
