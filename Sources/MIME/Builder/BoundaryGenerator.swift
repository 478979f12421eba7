/// Multipart boundaries: `=_` and 30 random base-36 characters. `=_` cannot occur in quoted-printable or base64
/// output, and every boundary is still checked against the parts it separates (7bit text is the user's).
enum BoundaryGenerator {
    private static let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz".unicodeScalars)

    static func make<G: RandomNumberGenerator>(using generator: inout G) -> String {
        var text = "=_"
        for _ in 0..<30 { text.unicodeScalars.append(alphabet[Int.random(in: 0..<alphabet.count, using: &generator)]) }
        return text
    }

    /// Whether a line of `bytes` starts with `--boundary` (the only place a delimiter is recognised).
    static func occurs(_ boundary: String, in bytes: [UInt8]) -> Bool {
        let delimiter = Array(("--" + boundary).utf8)
        guard bytes.count >= delimiter.count else { return false }
        var lineStart = 0
        while lineStart + delimiter.count <= bytes.count {
            if bytes[lineStart..<(lineStart + delimiter.count)].elementsEqual(delimiter) { return true }
            guard let newline = bytes[lineStart...].firstIndex(of: 0x0A) else { return false }
            lineStart = newline + 1
        }
        return false
    }
}
