/// Builds a `multipart/form-data` body (RFC 7578). The boundary is derived from the delivery id, so a
/// retry sends the same bytes (its signature differs only by the timestamp it covers); a boundary that
/// occurs in the content is lengthened until it does not.
struct MultipartFormBuilder {
    private(set) var parts: [(headers: String, content: [UInt8])] = []

    mutating func addField(_ name: String, _ value: String) {
        parts.append(("Content-Disposition: form-data; name=\"\(Self.quoted(name))\"\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n", Array(value.utf8)))
    }

    mutating func addJSONField(_ name: String, _ json: [UInt8]) {
        parts.append(("Content-Disposition: form-data; name=\"\(Self.quoted(name))\"\r\n"
            + "Content-Type: application/json\r\n", json))
    }

    mutating func addFile(_ name: String, filename: String, contentType: String, _ content: [UInt8]) {
        parts.append(("Content-Disposition: form-data; name=\"\(Self.quoted(name))\"; filename=\"\(Self.quoted(filename))\"\r\n"
            + "Content-Type: \(contentType)\r\n", content))
    }

    func build(boundarySeed: String) -> (contentType: String, body: [UInt8]) {
        var boundary = "mailgate-" + boundarySeed.filter { $0.isLetter || $0.isNumber }
        while parts.contains(where: { Self.contains($0.content, Array(boundary.utf8)) }) {
            boundary += "-x"
        }
        var body: [UInt8] = []
        body.reserveCapacity(parts.reduce(0) { $0 + $1.content.count + 200 })
        for part in parts {
            body += Array("--\(boundary)\r\n\(part.headers)\r\n".utf8)
            body += part.content
            body += Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        return ("multipart/form-data; boundary=\(boundary)", body)
    }

    /// Quotes per the WHATWG form encoding: `"` and line breaks are percent-encoded, not escaped.
    private static func quoted(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "\"": result += "%22"
            case "\r": result += "%0D"
            case "\n", "\r\n": result += "%0A"
            default: result.append(character)
            }
        }
        return result
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        var index = 0
        while index + needle.count <= haystack.count {
            if haystack[index] == needle[0] && haystack[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }
}
