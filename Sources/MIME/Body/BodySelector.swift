/// Chooses the text/plain and text/html bodies a mail client would display, by the rule Python's
/// `EmailMessage.get_body` also follows: depth first, skipping parts with `Content-Disposition: attachment`,
/// entering a multipart/related only through its root part (RFC 2387 `start`, else the first), and never
/// entering attached messages. In a multipart/alternative both the best text and the best HTML are taken.
struct BodySelector {
    let parts: [MIMEPart]

    /// Depth first with an explicit stack: nesting depth is a configurable limit, recursion would tie it to
    /// the thread's stack size.
    func body(subtype: String) -> Int? {
        guard !parts.isEmpty else { return nil }
        var pending = [0]
        while let index = pending.popLast() {
            let part = parts[index]
            if part.isAttachmentDisposition { continue }
            let media = part.mediaType
            if media.hasPrefix("text/") {
                if media.dropFirst(5) == subtype { return index }
                continue
            }
            guard part.isMultipart else { continue }
            if media != "multipart/related" {
                pending.append(contentsOf: part.children.reversed())
                continue
            }
            var root = part.children.first
            if let start = part.contentType[parameter: "start"].flatMap(MessageIDParser.parseSingle),
                let match = part.children.first(where: { parts[$0].contentID == start })
            {
                root = match
            }
            if let root { pending.append(root) }
        }
        return nil
    }
}
