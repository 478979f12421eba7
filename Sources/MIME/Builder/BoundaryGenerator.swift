/// Multipart boundaries: `=_` and 30 random base-36 characters. `=_` cannot occur in quoted-printable or base64
/// output, and every boundary is still checked against the parts it separates (7bit text is the user's).
enum BoundaryGenerator {
    private static let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz".unicodeScalars)

    /// 30 characters from three 64-bit draws (10 base-36 digits, about 51 bits, from each): one system call
    /// per draw made a character per call the slowest part of a small message's build.
    static func make<G: RandomNumberGenerator>(using generator: inout G) -> String {
        var text = "=_"
        for _ in 0..<3 {
            var value = generator.next()
            for _ in 0..<10 {
                text.unicodeScalars.append(alphabet[Int(value % 36)])
                value /= 36
            }
        }
        return text
    }

    /// Whether a line of `bytes` starts with `--boundary` (the only place a delimiter is recognised).
    static func occurs(_ boundary: String, in bytes: [UInt8]) -> Bool {
        let delimiter = Array(("--" + boundary).utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return false }
            var lineStart = 0
            while lineStart + delimiter.count <= buffer.count {
                if UnsafeBufferPointer(rebasing: buffer[lineStart..<(lineStart + delimiter.count)]).elementsEqual(delimiter) { return true }
                guard let newline = memchrPointer(base + lineStart, 0x0A, buffer.count - lineStart) else { return false }
                lineStart = newline - base + 1
            }
            return false
        }
    }
}
