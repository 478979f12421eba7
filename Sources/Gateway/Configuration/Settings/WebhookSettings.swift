import Foundation
import HTTPClient
import Webhooks

/// One webhook, under `routes[].webhook`, `routes[].webhooks[]` or `delivery.failure_webhook`.
public struct WebhookSettings: Sendable, Equatable {
    /// Parsed straight into the runtime values (`queued`, `sync`; `json`, `multipart`, `raw`).
    public typealias DeliveryMode = WebhookMode
    public typealias Format = WebhookFormat

    public struct Header: Sendable, Equatable {
        public var name: String
        public var value: String
    }

    public var url: String
    /// Signing secrets, newest first, parsed once here; every one signs each request (rotation).
    public var secrets: [WebhookSecret]
    public var mode: DeliveryMode
    public var format: Format
    public var timeout: ConfigDuration
    public var connectTimeout: ConfigDuration
    public var headers: [Header]
    /// Destinations refused by default (SSRF): loopback, private networks, link-local (cloud metadata).
    public var allowLoopback: Bool
    public var allowPrivate: Bool
    public var allowLinkLocal: Bool
    public var includeRaw: Bool
    public var inlineAttachmentLimit: ByteSize
    public var keepRefused: Bool

    /// Headers the signature and the format own.
    static let reservedHeaders: Set<String> = [
        "webhook-id", "webhook-timestamp", "webhook-signature", "content-type", "content-length", "host",
        "transfer-encoding", "user-agent",
    ]

    /// `owner` names the webhook in warnings ("route billing"); the key is named anyway.
    init(reading reader: inout SettingsReader, key: String, allowSync: Bool, owner: String? = nil) {
        // Receivers put tokens in URLs: `check-config` shows the URL without its query and user information.
        let url = reader.text("\(key).url")
        if let url {
            reader.record("\(key).url", RedactedURL(url).description)
            if let problem = Self.problem(withURL: url) { reader.report("\(key).url", problem) }
        } else {
            reader.report("\(key).url", "every webhook needs a url", at: reader.location(of: key))
        }
        self.url = url ?? ""
        var texts: [String] = []
        if let secret = reader.secret("\(key).secret") { texts.append(secret) }
        if let more = reader.list("\(key).secrets") {
            reader.record("\(key).secrets", "", secret: true)
            texts += more
        }
        if texts.isEmpty {
            reader.report(
                "\(key).secret", "every webhook needs a signing secret (whsec_ + base64) so receivers can verify what they get",
                at: reader.location(of: key))
        }
        secrets = texts.compactMap { text in
            do {
                return try WebhookSecret(text)
            } catch {
                reader.report("\(key).secret", "\(error)")
                return nil
            }
        }
        mode = reader.choice("\(key).mode", default: DeliveryMode.queued)
        if mode == .sync && !allowSync { reader.report("\(key).mode", "this webhook cannot be sync") }
        format = reader.choice("\(key).format", default: Format.json)
        timeout = reader.duration("\(key).timeout", default: ConfigDuration(.seconds(15)))
        connectTimeout = reader.duration("\(key).connect_timeout", default: ConfigDuration(.seconds(5)))
        headers = (0..<reader.itemCount("\(key).headers")).map { index in
            let headerKey = "\(key).headers.\(index)"
            let name = reader.optionalString("\(headerKey).name") ?? ""
            let value = reader.secret("\(headerKey).value") ?? ""
            if name.isEmpty || !name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_".contains($0)) }) {
                reader.report("\(headerKey).name", "\"\(name)\" is not a header name")
            } else if Self.reservedHeaders.contains(name.lowercased()) {
                reader.report("\(headerKey).name", "\(name) is set by Mailgate and cannot be configured")
            }
            if value.contains(where: { $0.isNewline }) { reader.report("\(headerKey).value", "a header value cannot contain a line break") }
            return Header(name: name, value: value)
        }
        allowLoopback = reader.bool("\(key).allow_loopback", default: false)
        allowPrivate = reader.bool("\(key).allow_private", default: false)
        allowLinkLocal = reader.bool("\(key).allow_link_local", default: false)
        let policy = DestinationPolicy(allowLoopback: allowLoopback, allowPrivate: allowPrivate, allowLinkLocal: allowLinkLocal)
        if let url, let refusal = Self.refusal(url: url, policy: policy) {
            reader.warn(
                "\(key).url",
                "\(owner.map { "\($0): " } ?? "")the webhook's address \(refusal.address) is refused by its destination policy (\(refusal.reason)): "
                    + "every delivery to it fails at once; set allow_loopback, allow_private or allow_link_local if it is meant")
        }
        includeRaw = reader.bool("\(key).include_raw", default: false)
        inlineAttachmentLimit = reader.byteSize(
            "\(key).inline_attachment_limit", default: ByteSize(bytes: 26_214_400), range: ByteSize(bytes: 0)...ByteSize(bytes: 1 << 30))
        keepRefused = reader.bool("\(key).keep_refused", default: false)
    }

    /// The runtime policy the `allow_*` keys make.
    public var destinationPolicy: DestinationPolicy {
        DestinationPolicy(allowLoopback: allowLoopback, allowPrivate: allowPrivate, allowLinkLocal: allowLinkLocal)
    }

    /// Why the policy refuses the URL's host, when it is an IP literal; a name is judged at delivery time.
    static func refusal(url: String, policy: DestinationPolicy) -> (address: String, reason: String)? {
        guard let host = URLDestination(url: url)?.host, let addressClass = AddressClass.of(host),
              let reason = policy.refusal(for: addressClass)
        else { return nil }
        return (host, reason)
    }

    static func problem(withURL url: String) -> String? {
        let shown = RedactedURL(url)
        guard let schemeEnd = url.range(of: "://") else { return "\"\(shown)\" is not an absolute URL" }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return "the scheme must be http or https, not \(scheme)" }
        let rest = url[schemeEnd.upperBound...]
        let authority = rest.prefix(while: { $0 != "/" && $0 != "?" && $0 != "#" })
        if authority.isEmpty { return "\"\(shown)\" has no host" }
        if authority.contains("@") { return "credentials in the webhook URL are not allowed; use a secret or headers" }
        if rest.contains(where: { $0.isWhitespace }) { return "\"\(shown)\" contains white space" }
        return nil
    }
}
