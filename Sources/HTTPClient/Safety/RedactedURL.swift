/// A URL as it may be shown: in logs, in `check-config`, in the delivery history. Receivers put tokens in
/// webhook URLs (`?token=…`, `user:password@`), and those must never leave the configuration, so the query
/// and the user information are replaced by `<redacted>` and the fragment is dropped; scheme, host, port and
/// path stay, which is what an operator needs to recognise the webhook.
public struct RedactedURL: Sendable, Hashable, CustomStringConvertible {
    public static let marker = "<redacted>"

    public let description: String

    public init(_ url: String) {
        description = Self.redact(url[...])
    }

    /// The text with every `http://` and `https://` URL in it redacted: for messages recorded before URLs were
    /// redacted where they were written (a delivery's stored `last_error`), and for libraries' messages.
    public static func redactingURLs(in text: String) -> String {
        var result = ""
        var rest = text[...]
        while let start = Self.nextURLStart(in: rest) {
            result += rest[..<start]
            let end = rest[start...].firstIndex(where: { $0.isWhitespace || "\"'<>`".contains($0) }) ?? rest.endIndex
            result += redact(rest[start..<end])
            rest = rest[end...]
        }
        return result + rest
    }

    private static func nextURLStart(in text: Substring) -> Substring.Index? {
        var index = text.startIndex
        while index < text.endIndex {
            let tail = text[index...]
            if tail.prefix(7).lowercased() == "http://" || tail.prefix(8).lowercased() == "https://" { return index }
            index = text.index(after: index)
        }
        return nil
    }

    private static func redact(_ url: Substring) -> String {
        var rest = url
        var result = ""
        if let colon = rest.firstIndex(of: ":"), rest[colon...].hasPrefix("://"),
           rest[..<colon].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) {
            let afterScheme = rest.index(colon, offsetBy: 3)
            result = String(rest[..<afterScheme])
            rest = rest[afterScheme...]
        }
        let authorityEnd = rest.firstIndex(where: { "/?#".contains($0) }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        // The last `@` ends the user information: a password may itself hold an `@`.
        if let at = authority.lastIndex(of: "@") {
            result += marker + "@" + authority[authority.index(after: at)...]
        } else {
            result += authority
        }
        rest = rest[authorityEnd...]
        let pathEnd = rest.firstIndex(where: { "?#".contains($0) }) ?? rest.endIndex
        result += rest[..<pathEnd]
        if rest[pathEnd...].first == "?" { result += "?" + marker }
        return result
    }
}
