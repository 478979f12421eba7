import Foundation
import SMTPProtocol

/// The `detail` of an outbound recipient event: what the upstream said and which upstream said it, as JSON,
/// so that the API and the event webhooks can show the reply's parts without parsing prose.
public struct UpstreamReplyDetail: Sendable, Hashable, Codable {
    public var code: Int?
    public var enhancedCode: String?
    public var text: String
    /// `host:port`, nil when no upstream was reached.
    public var upstream: String?
    public var attempt: Int

    public init(code: Int?, enhancedCode: String?, text: String, upstream: String?, attempt: Int) {
        self.code = code
        self.enhancedCode = enhancedCode
        self.text = text
        self.upstream = upstream
        self.attempt = attempt
    }

    public init(reply: SMTPReply, upstream: String?, attempt: Int) {
        self.init(
            code: reply.code, enhancedCode: reply.enhancedCode?.description,
            text: reply.lines.joined(separator: " "), upstream: upstream, attempt: attempt)
    }

    enum CodingKeys: String, CodingKey {
        case code
        case enhancedCode = "enhanced"
        case text
        case upstream
        case attempt
    }

    public func encoded() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// Events written by other code (the queue's own `deferred` after a lease expiry) carry prose.
    public static func decode(_ detail: String?) -> UpstreamReplyDetail? {
        guard let detail, detail.hasPrefix("{") else { return nil }
        return try? JSONDecoder().decode(UpstreamReplyDetail.self, from: Data(detail.utf8))
    }
}
